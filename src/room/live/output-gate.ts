/**
 * How far a session's recorded lines got in the store shared by the instances (Redis), as
 * `kit serve --redis` counts them: lines are handed over in the order they are recorded and
 * acknowledged in that same order.
 */
export interface StoreProgress {
  /** Lines of the session handed to the store so far. */
  readonly handed: number;
  /** Lines the store acknowledged (every line before them too). */
  readonly stored: number;
  /** Calls `onChange` after each acknowledgement; returns the function that stops it. */
  watch(onChange: () => void): () => void;
}

/** What a gate tells its room. */
export interface GateEvents {
  /** Messages have waited `stallMs` with no acknowledgement: the store is slow or unreachable. */
  onStall(): void;
  /** After a stall, every line is stored and every held message sent. */
  onCatchUp(): void;
}

/** How long held messages wait without progress before the room says saving is stalled. */
export const STALL_MS = 1_000;

interface Held {
  /** Lines handed over when the message was sent: it goes out once that many are stored. */
  seq: number;
  send: () => void;
}

/**
 * "Shown means stored" for a room whose history lives in Redis: a message the room sends goes out
 * only once every line it recorded before that message is acknowledged by the store, and messages
 * keep their order. A message sent while nothing waits goes out at once, so a room that records
 * nothing (typing, cursors) pays nothing; a room without `--redis` has no gate at all.
 */
export class OutputGate {
  readonly #progress: StoreProgress;
  readonly #events: GateEvents;
  readonly #stallMs: number;
  readonly #unwatch: () => void;
  #queue: Held[] = [];
  #head = 0;
  #timer: NodeJS.Timeout | undefined;
  #stalled = false;
  #closed = false;

  constructor(progress: StoreProgress, events: GateEvents, stallMs = STALL_MS) {
    this.#progress = progress;
    this.#events = events;
    this.#stallMs = stallMs;
    this.#unwatch = progress.watch(() => this.#flush());
  }

  /** True when a message sent now must wait: a line is unacknowledged or a message waits. */
  get holding(): boolean {
    return this.#head < this.#queue.length || this.#progress.stored < this.#progress.handed;
  }

  /** True from `onStall` to `onCatchUp`. */
  get stalled(): boolean {
    return this.#stalled;
  }

  /** Queues a send until every line recorded so far is stored (call when `holding`). */
  hold(send: () => void): void {
    if (this.#closed) return;
    if (this.#head === this.#queue.length) this.#arm();
    this.#queue.push({ seq: this.#progress.handed, send });
  }

  /** Drops what waits (the room is freed: its connections are closing). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#unwatch();
    this.#queue = [];
    this.#head = 0;
  }

  #flush(): void {
    if (this.#closed) return;
    const before = this.#head;
    // A send may record (a slow connection's leave) and hold more: those carry a later seq.
    for (let next = this.#queue[this.#head]; next; next = this.#queue[this.#head]) {
      if (next.seq > this.#progress.stored) break;
      this.#head += 1;
      next.send();
      if (this.#closed) return;
    }
    if (this.#head < this.#queue.length) {
      if (this.#head !== before) this.#arm();
      return;
    }
    if (this.#head !== before) {
      this.#queue = [];
      this.#head = 0;
      clearTimeout(this.#timer);
    }
    if (this.#stalled && this.#progress.stored >= this.#progress.handed) {
      this.#stalled = false;
      this.#events.onCatchUp();
    }
  }

  // Measured from the last progress: a busy store that keeps acknowledging is not stalled.
  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#closed || this.#stalled || this.#head === this.#queue.length) return;
      this.#stalled = true;
      this.#events.onStall();
    }, this.#stallMs).unref();
  }
}
