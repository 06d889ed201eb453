import type { Message } from '#attempt/models';
import { ChatServer } from '#attempt/server';
import type { SendResult, Transport } from '#attempt/transport';

/** What the scripted transport does with one offer. */
export type Outcome = 'sent' | 'busy' | 'throw';

/** One call the server made to the transport. */
export interface SendCall {
  tick: number;
  userId: string;
  seq: number;
  roomId: string;
  outcome: Outcome;
}

/** Decides the outcome of one offer; `sentThisTick` counts this user's deliveries in this tick. */
export type Rule = (offer: {
  tick: number;
  userId: string;
  message: Message;
  sentThisTick: number;
}) => Outcome;

/** More offers than this to one user in one tick means the server spins on a busy transport. */
const OFFERS_PER_TICK_LIMIT = 10_000;

/**
 * A transport the graders script per offer and that records every call. It keeps its own tick
 * count (the harness moves it), so hidden graders do not depend on the attempt's clock.
 */
export class ScriptedTransport implements Transport {
  tick = 0;
  rule: Rule = () => 'sent';
  readonly calls: SendCall[] = [];
  readonly #inbox = new Map<string, Message[]>();
  readonly #perTick = new Map<string, { offers: number; sent: number }>();

  send(userId: string, message: Message): SendResult {
    const key = `${this.tick}/${userId}`;
    let count = this.#perTick.get(key);
    if (count === undefined) {
      count = { offers: 0, sent: 0 };
      this.#perTick.set(key, count);
    }
    count.offers++;
    if (count.offers > OFFERS_PER_TICK_LIMIT) {
      throw new Error(`The server offered ${userId} ${count.offers} messages in tick ${this.tick}`);
    }
    const outcome = this.rule({ tick: this.tick, userId, message, sentThisTick: count.sent });
    const { seq, roomId } = message;
    this.calls.push({ tick: this.tick, userId, seq, roomId, outcome });
    if (outcome === 'throw') throw new Error(`link to ${userId} is broken`);
    if (outcome === 'sent') {
      count.sent++;
      let messages = this.#inbox.get(userId);
      if (messages === undefined) {
        messages = [];
        this.#inbox.set(userId, messages);
      }
      messages.push(message);
    }
    return outcome;
  }

  /** Messages delivered to a user, in order. */
  received(userId: string): Message[] {
    return this.#inbox.get(userId) ?? [];
  }

  /** Seqs delivered to a user, in order; only messages of `roomId` when given. */
  seqs(userId: string, roomId?: string): number[] {
    return this.received(userId)
      .filter((message) => roomId === undefined || message.roomId === roomId)
      .map((message) => message.seq);
  }

  /** Calls made for one user, in order. */
  callsTo(userId: string): SendCall[] {
    return this.calls.filter((call) => call.userId === userId);
  }
}

/** A link that finishes one message every `every` ticks (on ticks divisible by `every`). */
export function everyNthTick(every: number): Rule {
  return ({ tick, sentThisTick }) => (tick % every === 0 && sentThisTick === 0 ? 'sent' : 'busy');
}

/** Applies `rules[userId]` to that user's offers and sends everything else at once. */
export function perUser(rules: Record<string, Rule>): Rule {
  return (offer) => rules[offer.userId]?.(offer) ?? 'sent';
}

/** A ChatServer on a ScriptedTransport, with a tick() that moves both. */
export interface Harness {
  server: ChatServer;
  transport: ScriptedTransport;
  /** Advances the transport's tick count and calls `server.tick()`, `count` times. */
  tick(count?: number): void;
}

/** Builds a server with the given buffer size and joins each user to `roomId`. */
export function createHarness(
  bufferSize: number,
  roomId = 'general',
  users: string[] = [],
): Harness {
  const transport = new ScriptedTransport();
  const server = new ChatServer({ transport, bufferSize });
  for (const user of users) server.join(roomId, user);
  return {
    server,
    transport,
    tick(count = 1) {
      for (let i = 0; i < count; i++) {
        transport.tick++;
        server.tick();
      }
    },
  };
}

/** Broadcasts `count` messages from `host` and returns their seqs. */
export function broadcastMany(server: ChatServer, count: number, roomId = 'general'): number[] {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) seqs.push(server.broadcast(roomId, 'host', `m${i}`).seq);
  return seqs;
}

/** The seqs in ascending order: a multiset to compare where delivery order is not the point. */
export function sorted(seqs: readonly number[]): number[] {
  return seqs.toSorted((a, b) => a - b);
}

/** The integers from `first` to `last`, inclusive. */
export function range(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
