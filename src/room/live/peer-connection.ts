import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  CLOSE,
  type Limits,
  type PeerInfo,
  type Role,
  type ServerMessage,
} from '../protocol/protocol.js';
import type { OutputGate } from './output-gate.js';
import { TokenBucket } from './rate-limiter.js';

const FLOOD_MEMORY_MS = 10_000;

/**
 * One participant's socket in a room, with its rate limit, heartbeat state and send-queue limit.
 */
export class PeerConnection {
  readonly ws: WebSocket;
  readonly info: PeerInfo;
  /** Awareness client ids this connection has set, removed when it leaves. */
  readonly awarenessIds = new Set<number>();
  /** Pings sent since the last pong. */
  missedPings = 0;
  readonly #bucket: TokenBucket;
  readonly #bytes: TokenBucket;
  /** Bad input by kind: how often each happened, for one log line each and a count at leave. */
  readonly #problems = new Map<string, number>();
  readonly #limits: Limits;
  readonly #now: () => number;
  readonly #onSlow: () => void;
  readonly #gate: OutputGate | null;
  #sentAny = false;
  #dropped = 0;
  #lastDropAt = 0;
  #warned = false;

  /**
   * `onSlow` runs once if the connection is closed for not reading (the room records a leave).
   * With a `gate` (`kit serve --redis`), what is sent waits until the room's recorded lines before
   * it are stored in Redis.
   */
  constructor(
    ws: WebSocket,
    role: Role,
    name: string,
    limits: Limits,
    now: () => number,
    onSlow: () => void = () => {},
    gate: OutputGate | null = null,
  ) {
    this.ws = ws;
    this.#onSlow = onSlow;
    this.#gate = gate;
    this.info = { id: randomBytes(6).toString('base64url'), role, name, canEdit: false };
    this.#limits = limits;
    this.#now = now;
    this.#bucket = new TokenBucket(limits.rateBurst, limits.ratePerSecond, now);
    this.#bytes = new TokenBucket(limits.byteBurst, limits.bytesPerSecond, now);
  }

  /** Counts a kind of bad input; true the first time, when the room logs it. */
  noteProblem(what: string): boolean {
    const seen = this.#problems.get(what) ?? 0;
    this.#problems.set(what, seen + 1);
    return seen === 0;
  }

  /** How often each logged problem repeated, for the leave's log line; empty when none did. */
  problemSummary(): string {
    const repeats = [...this.#problems].filter(([, n]) => n > 1);
    return repeats.map(([what, n]) => `${what}: ${n} times`).join('; ');
  }

  /** The peer as recorded and shown next to its messages. */
  get who(): Pick<PeerInfo, 'id' | 'role' | 'name'> {
    return { id: this.info.id, role: this.info.role, name: this.info.name };
  }

  /** Sends a JSON message if the socket is still open. */
  send(message: ServerMessage): void {
    this.#out(JSON.stringify(message));
  }

  /** Sends an already serialized JSON message (a broadcast serializes once for everyone). */
  sendText(text: string): void {
    this.#out(text);
  }

  /** Sends a binary Yjs frame if the socket is still open; `onSent` runs once it is written out. */
  sendBinary(frame: Uint8Array, onSent?: () => void): void {
    this.#out(frame, onSent);
  }

  /** True once a frame went out to this connection (the first is its `welcome`). */
  get greeted(): boolean {
    return this.#sentAny;
  }

  /** Sends at once, ahead of what waits for Redis: only for news about saving itself. */
  sendNow(message: ServerMessage): void {
    this.#sendFrame(JSON.stringify(message));
  }

  #out(data: string | Uint8Array, onSent?: () => void): void {
    if (this.#gate?.holding) this.#gate.hold(() => this.#sendFrame(data, onSent));
    else this.#sendFrame(data, onSent);
  }

  // A client that stops reading makes ws queue everything for it in memory; past the limit the
  // connection is closed with 4008 (the close frame waits behind the queue; ws cuts the socket if
  // it is not through within its close timeout) and the room records a leave at once.
  #sendFrame(data: string | Uint8Array, onSent?: () => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) {
      onSent?.();
      return;
    }
    this.#sentAny = true;
    this.ws.send(data, onSent && (() => onSent()));
    if (this.ws.bufferedAmount <= this.#limits.maxBufferedBytes) return;
    this.ws.close(CLOSE.slow, 'Too slow: too much data waiting to be sent');
    this.#onSlow();
  }

  /**
   * Takes a frame's share of the budgets (one frame, its bytes) for an incoming frame. Over either,
   * the frame is dropped: the first drop of a burst answers `rate-limited` or `byte-rate-limited`,
   * and a client that keeps flooding is closed with 4029.
   */
  admit(size: number): boolean {
    const frameOk = this.#bucket.take();
    // A frame refused for its count leaves its bytes; one refused for its bytes gives back nothing.
    const bytesOk = frameOk && this.#bytes.take(size);
    if (frameOk && bytesOk) {
      this.#warned = false;
      return true;
    }
    const now = this.#now();
    if (now - this.#lastDropAt > FLOOD_MEMORY_MS) this.#dropped = 0;
    this.#dropped += 1;
    this.#lastDropAt = now;
    if (!this.#warned) {
      this.#warned = true;
      const kib = Math.round(this.#limits.bytesPerSecond / 1024);
      this.send(
        frameOk
          ? {
              type: 'error',
              code: 'byte-rate-limited',
              message: `Too much data: at most ${kib} KiB a second. Dropped until the rate falls.`,
            }
          : {
              type: 'error',
              code: 'rate-limited',
              message: `Too many messages: at most ${this.#limits.ratePerSecond} a second. Dropped until the rate falls.`,
            },
      );
    }
    if (this.#dropped >= this.#limits.floodCloseAfter) this.ws.close(CLOSE.flood, 'Flooding');
    return false;
  }
}

/** A display name from a query parameter: control characters removed, trimmed, cut. */
export function cleanName(raw: string | null, role: Role, maxChars: number): string {
  const name = (raw ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, maxChars);
  return name || role.charAt(0).toUpperCase() + role.slice(1);
}
