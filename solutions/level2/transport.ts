import type { TickClock } from './clock.js';
import type { Message } from './models.js';

/** What a transport answers to one send: `'busy'` means "not taken, offer it again next tick". */
export type SendResult = 'sent' | 'busy';

/**
 * Delivers messages to users. `send` either takes the message (`'sent'`), refuses it for now
 * (`'busy'`, the caller keeps it and retries on a later tick), or throws when the link is broken.
 */
export interface Transport {
  send(userId: string, message: Message): SendResult;
}

/** A transport that accepts everything at once and remembers what each user received. */
export class InMemoryTransport implements Transport {
  readonly #inbox = new Map<string, Message[]>();

  /** Records the message as delivered to the user. */
  send(userId: string, message: Message): SendResult {
    let messages = this.#inbox.get(userId);
    if (messages === undefined) {
      messages = [];
      this.#inbox.set(userId, messages);
    }
    messages.push(message);
    return 'sent';
  }

  /** Messages delivered to a user, in delivery order. */
  received(userId: string): readonly Message[] {
    return this.#inbox.get(userId) ?? [];
  }

  /** The `seq` of each message delivered to a user, in delivery order. */
  seqs(userId: string): number[] {
    return this.received(userId).map((message) => message.seq);
  }
}

/** Options of a SlowTransport. */
export interface SlowTransportOptions {
  /** The clock the server advances on each tick. */
  clock: TickClock;
  /** How many ticks each message takes; 1 means one message per tick. */
  ticksPerMessage: number;
  /** The users whose link is slow; every user when omitted. Others go straight to `inner`. */
  users?: Iterable<string>;
}

/**
 * Simulates slow links. A message first offered on tick t reaches `inner` on tick
 * t + ticksPerMessage - 1; until then every offer is answered `'busy'`. A link finishes at most
 * one message per tick, so a slow user gets one message every `ticksPerMessage` ticks.
 */
export class SlowTransport implements Transport {
  readonly #inner: Transport;
  readonly #clock: TickClock;
  readonly #ticksPerMessage: number;
  readonly #slowUsers: ReadonlySet<string> | undefined;
  /** Per slow user: the tick the current transfer started, and the tick the last one ended. */
  readonly #links = new Map<string, { startedAt: number | undefined; finishedAt: number }>();

  constructor(inner: Transport, options: SlowTransportOptions) {
    if (!Number.isInteger(options.ticksPerMessage) || options.ticksPerMessage < 1) {
      throw new RangeError(
        `ticksPerMessage must be a positive integer, got ${String(options.ticksPerMessage)}`,
      );
    }
    this.#inner = inner;
    this.#clock = options.clock;
    this.#ticksPerMessage = options.ticksPerMessage;
    this.#slowUsers = options.users === undefined ? undefined : new Set(options.users);
  }

  /** Answers `'busy'` until the user's link has spent `ticksPerMessage` ticks on a message. */
  send(userId: string, message: Message): SendResult {
    if (this.#slowUsers !== undefined && !this.#slowUsers.has(userId)) {
      return this.#inner.send(userId, message);
    }
    const now = this.#clock.now;
    let link = this.#links.get(userId);
    if (link === undefined) {
      link = { startedAt: undefined, finishedAt: Number.NEGATIVE_INFINITY };
      this.#links.set(userId, link);
    }
    if (link.startedAt === undefined) {
      if (link.finishedAt === now) return 'busy';
      link.startedAt = now;
    }
    if (now - link.startedAt < this.#ticksPerMessage - 1) return 'busy';
    const result = this.#inner.send(userId, message);
    if (result === 'sent') {
      link.startedAt = undefined;
      link.finishedAt = now;
    }
    return result;
  }
}
