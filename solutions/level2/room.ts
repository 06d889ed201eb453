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

  /**
   * Gives a new member an empty outbox; its storage is only allocated when messages queue up. The
   * server's membership store decides who is new, so this is called once per join.
   */
  addMember(userId: string): void {
    const { bufferSize, totals, pending } = this.#options;
    this.#outboxes.set(userId, new Outbox(userId, bufferSize, totals, pending));
  }

  /** Forgets a member the store knew: their queued messages are discarded, their buffer freed. */
  removeMember(userId: string): void {
    const outbox = this.#outboxes.get(userId) as Outbox;
    outbox.release();
    this.#outboxes.delete(userId);
  }

  /**
   * Queues the message for every member and returns at once: no transport call happens here, so
   * the cost is one O(1) enqueue per member however slow their links are.
   */
  broadcast(message: Message): void {
    for (const outbox of this.#outboxes.values()) outbox.enqueue(message);
  }

  /** A member's counters, or undefined when the user is not a member. */
  memberMetrics(userId: string): DeliveryMetrics | undefined {
    return this.#outboxes.get(userId)?.metrics();
  }
}
