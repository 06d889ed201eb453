import type { DeliveryMetrics, Message } from './models.js';
import { RingBuffer } from './ring-buffer.js';
import type { SendResult, Transport } from './transport.js';

/**
 * One member's outgoing buffer and its counters: the per-user worker that `ChatServer.tick()`
 * drives. Every counter change is mirrored into the server-wide `totals`, and the outbox keeps
 * itself in the server's `pending` set while it holds messages, so a tick visits only those.
 */
export class Outbox {
  readonly userId: string;
  readonly #buffer: RingBuffer<Message>;
  readonly #totals: DeliveryMetrics;
  readonly #pending: Set<Outbox>;
  #enqueued = 0;
  #delivered = 0;
  #dropped = 0;
  #failed = 0;

  constructor(userId: string, bufferSize: number, totals: DeliveryMetrics, pending: Set<Outbox>) {
    this.userId = userId;
    this.#buffer = new RingBuffer(bufferSize);
    this.#totals = totals;
    this.#pending = pending;
  }

  /** Queues a message; a full buffer drops its oldest message to make room. */
  enqueue(message: Message): void {
    this.#pending.add(this);
    this.#enqueued++;
    this.#totals.enqueued++;
    if (this.#buffer.push(message)) {
      this.#dropped++;
      this.#totals.dropped++;
    } else {
      this.#totals.queued++;
    }
  }

  /**
   * One turn of the worker: sends from the head until the buffer is empty or the transport is
   * busy. A busy answer leaves the message at the head, so the next turn offers the same message
   * and order is kept. A throw discards that message, counts it, and ends the turn: a broken link
   * must not take the rest of the tick down with it.
   */
  flush(transport: Transport): void {
    for (let message = this.#buffer.peek(); message !== undefined; message = this.#buffer.peek()) {
      let result: SendResult | 'threw';
      try {
        result = transport.send(this.userId, message);
      } catch {
        result = 'threw';
      }
      if (result === 'busy') return;
      // `send` may call back into the server. If the member left, or a broadcast evicted this
      // message from their full buffer, it already counts as dropped, whatever `send` answered.
      if (this.#buffer.peek() === message) {
        this.#buffer.shift();
        this.#totals.queued--;
        if (result === 'threw') {
          this.#failed++;
          this.#totals.failed++;
        } else {
          this.#delivered++;
          this.#totals.delivered++;
        }
      }
      if (result === 'threw') return;
    }
    // Drained: nothing to visit until the next message arrives.
    this.#pending.delete(this);
  }

  /**
   * Discards every queued message and frees the buffer's storage, when the member leaves. Only the
   * totals change: the member's own counters go away with them.
   */
  release(): void {
    this.#pending.delete(this);
    const discarded = this.#buffer.size;
    this.#buffer.clear();
    this.#totals.dropped += discarded;
    this.#totals.queued -= discarded;
  }

  /** A snapshot of this member's counters. */
  metrics(): DeliveryMetrics {
    return {
      enqueued: this.#enqueued,
      delivered: this.#delivered,
      dropped: this.#dropped,
      failed: this.#failed,
      queued: this.#buffer.size,
    };
  }
}
