import type { DeliveryMetrics, Message } from './models.js';
import { Outbox } from './outbox.js';

/** What a ChatRoom needs from its server. */
export interface ChatRoomOptions {
  /** The most messages one member's buffer holds. */
  bufferSize: number;
  /** Server-wide counters the room's buffers add to. */
  totals: DeliveryMetrics;
  /** Outboxes with queued messages; the server's tick visits only these. */
  pending: Set<Outbox>;
}

/** A room: fans each message out into its members' buffers. */
export class ChatRoom {
  readonly id: string;
  readonly #options: ChatRoomOptions;
  /** One outbox per member, in join order. */
  readonly #outboxes = new Map<string, Outbox>();

  constructor(id: string, options: ChatRoomOptions) {
    this.id = id;
    this.#options = options;
  }

  /** Gives a new member an empty outbox; its storage is only allocated when messages queue up. */
  addMember(userId: string): void {
    if (this.#outboxes.has(userId)) return;
    this.#outboxes.set(userId, new Outbox(userId, this.#options.bufferSize, this.#options.totals));
  }

  /** Forgets a member: their queued messages are discarded and their buffer is freed. */
  removeMember(userId: string): void {
    const outbox = this.#outboxes.get(userId);
    if (outbox === undefined) return;
    outbox.release();
    this.#options.pending.delete(outbox);
    this.#outboxes.delete(userId);
  }

  /**
   * Queues the message for every member and returns at once: no transport call happens here, so
   * the cost is one O(1) enqueue per member however slow their links are.
   */
  broadcast(message: Message): void {
    const pending = this.#options.pending;
    for (const outbox of this.#outboxes.values()) {
      const wasIdle = outbox.queued === 0;
      outbox.enqueue(message);
      if (wasIdle) pending.add(outbox);
    }
  }

  /** A member's counters, or undefined when the user is not a member. */
  memberMetrics(userId: string): DeliveryMetrics | undefined {
    return this.#outboxes.get(userId)?.metrics();
  }
}
