import { TickClock } from './clock.js';
import { RoomMembershipStore } from './membership.js';
import type { DeliveryMetrics, Message } from './models.js';
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

  constructor(options: ChatServerOptions) {
    // TODO: reject a bufferSize that is not a positive integer with a RangeError.
    this.#transport = options.transport;
    this.#bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    this.clock = options.clock ?? new TickClock();
  }

  /** The room with this id, created on first use. */
  room(roomId: string): ChatRoom {
    let room = this.#rooms.get(roomId);
    if (room === undefined) {
      // TODO: the room will need this.#bufferSize once members have buffers.
      room = new ChatRoom(roomId, { membership: this.membership, transport: this.#transport });
      this.#rooms.set(roomId, room);
    }
    return room;
  }

  /** Adds a user to a room; they receive messages broadcast from now on. */
  join(roomId: string, userId: string): void {
    this.membership.add(roomId, userId);
  }

  /** Removes a user from a room; nothing more is delivered to them from it. */
  leave(roomId: string, userId: string): void {
    // TODO: once members have buffers, discard what is still queued and free the buffer.
    this.membership.remove(roomId, userId);
  }

  /** Gives the message the room's next seq and queues it for every member, the sender included. */
  broadcast(roomId: string, userId: string, text: string): Message {
    const seq = (this.#lastSeq.get(roomId) ?? 0) + 1;
    this.#lastSeq.set(roomId, seq);
    const message: Message = { id: `${roomId}:${seq}`, roomId, userId, text, seq };
    this.room(roomId).broadcast(message);
    return message;
  }

  /** Advances the clock by one, then gives every member with queued messages a turn to send. */
  tick(): void {
    this.clock.advance();
    // TODO: for each member with queued messages, send from the head of their buffer until the
    // buffer is empty or the transport answers 'busy'. Keep a refused message at the head for the
    // next tick, and do not let one user's throwing transport stop the others.
    throw new Error('Not implemented: ChatServer.tick');
  }

  /** Counters over every room since the server started. */
  metrics(): DeliveryMetrics {
    // TODO: count enqueued, delivered, dropped and failed messages, and report what is queued.
    throw new Error('Not implemented: ChatServer.metrics');
  }

  /** One member's counters, or undefined when the user is not in the room. */
  userMetrics(roomId: string, userId: string): DeliveryMetrics | undefined {
    if (!this.membership.has(roomId, userId)) return undefined;
    // TODO: the same counters as metrics(), for this member of this room.
    throw new Error('Not implemented: ChatServer.userMetrics');
  }
}
