import { TickClock } from './clock.js';
import { RoomMembershipStore } from './membership.js';
import type { DeliveryMetrics, Message } from './models.js';
import type { Outbox } from './outbox.js';
import { ChatRoom } from './room.js';
import type { Transport } from './transport.js';

/** How many messages a member's buffer holds when `bufferSize` is not given. */
export const DEFAULT_BUFFER_SIZE = 1024;

/** Options of a ChatServer. */
export interface ChatServerOptions {
  /** Delivers messages to users. */
  transport: Transport;
  /** The most messages one member's buffer holds; the oldest is dropped past it. */
  bufferSize?: number;
  /** The clock `tick()` advances; a fresh one when omitted. */
  clock?: TickClock;
}

/** An in-process chat server whose deliveries happen only when `tick()` is called. */
export class ChatServer {
  /** The clock this server advances by one at the start of every tick. */
  readonly clock: TickClock;
  /** Who is in which room. */
  readonly membership = new RoomMembershipStore();
  readonly #transport: Transport;
  readonly #bufferSize: number;
  readonly #rooms = new Map<string, ChatRoom>();
  readonly #lastSeq = new Map<string, number>();
  readonly #totals: DeliveryMetrics = {
    enqueued: 0,
    delivered: 0,
    dropped: 0,
    failed: 0,
    queued: 0,
  };
  /** Outboxes with queued messages, in the order they became busy. */
  readonly #pending = new Set<Outbox>();

  constructor(options: ChatServerOptions) {
    const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new RangeError(`bufferSize must be a positive integer, got ${String(bufferSize)}`);
    }
    this.#transport = options.transport;
    this.#bufferSize = bufferSize;
    this.clock = options.clock ?? new TickClock();
  }

  /** The room with this id, created on first use. */
  room(roomId: string): ChatRoom {
    let room = this.#rooms.get(roomId);
    if (room === undefined) {
      room = new ChatRoom(roomId, {
        bufferSize: this.#bufferSize,
        totals: this.#totals,
        pending: this.#pending,
      });
      this.#rooms.set(roomId, room);
    }
    return room;
  }

  /** Adds a user to a room; they receive messages broadcast from now on. */
  join(roomId: string, userId: string): void {
    if (this.membership.add(roomId, userId)) this.room(roomId).addMember(userId);
  }

  /** Removes a user from a room; nothing more is delivered to them from it. */
  leave(roomId: string, userId: string): void {
    if (this.membership.remove(roomId, userId)) this.room(roomId).removeMember(userId);
  }

  /** Gives the message the room's next seq and queues it for every member, the sender included. */
  broadcast(roomId: string, userId: string, text: string): Message {
    const seq = (this.#lastSeq.get(roomId) ?? 0) + 1;
    this.#lastSeq.set(roomId, seq);
    // Stryker disable next-line StringLiteral: the task promises nothing about ids beyond their type
    const message: Message = { id: `${roomId}:${seq}`, roomId, userId, text, seq };
    this.room(roomId).broadcast(message);
    return message;
  }

  /**
   * Advances the clock by one, then gives every member with queued messages one turn. Idle
   * members are never visited, so a tick costs what is pending, not what the rooms hold.
   */
  tick(): void {
    this.clock.advance();
    // An outbox leaves the set when it drains; one that gets messages during the tick joins it and
    // may be served in this tick (Set iteration visits what is added while it runs).
    for (const outbox of this.#pending) outbox.flush(this.#transport);
  }

  /** Counters over every room since the server started. */
  metrics(): DeliveryMetrics {
    return { ...this.#totals };
  }

  /** One member's counters, or undefined when the user is not in the room. */
  userMetrics(roomId: string, userId: string): DeliveryMetrics | undefined {
    return this.#rooms.get(roomId)?.memberMetrics(userId);
  }
}
