import type { StoreProgress } from '../live/output-gate.js';

/** One session's recorded lines on their way to Redis. */
class SessionLines implements StoreProgress {
  handed = 0;
  stored = 0;
  readonly listeners = new Set<() => void>();

  constructor(readonly forget: (lines: SessionLines) => void) {}

  watch(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => {
      this.listeners.delete(onChange);
      this.forget(this);
    };
  }
}

/** What the copy of one line reports: Redis stored it, or the copy failed. */
export interface LineTicket {
  stored(): void;
  failed(): void;
}

/**
 * Counts, per session, the recording lines an instance handed to Redis and those Redis
 * acknowledged, for the rooms' OutputGate. Lines of one session go over one connection, so they
 * are acknowledged in the order they were handed over. After a failed copy the session counts
 * afresh: the room that waited on it is closed, and one made later must not wait on that line.
 */
export class StoredLines {
  readonly #sessions = new Map<string, SessionLines>();

  /** The progress of a session's lines, as its room watches it. */
  of(sessionId: string): StoreProgress {
    return this.#lines(sessionId);
  }

  /** Counts a line handed over now; its ticket says when Redis answered. */
  hand(sessionId: string): LineTicket {
    const lines = this.#lines(sessionId);
    lines.handed += 1;
    return {
      stored: () => {
        lines.stored += 1;
        for (const listener of [...lines.listeners]) listener();
        this.#forget(sessionId, lines);
      },
      failed: () => {
        if (this.#sessions.get(sessionId) === lines) this.#sessions.delete(sessionId);
      },
    };
  }

  #lines(sessionId: string): SessionLines {
    let lines = this.#sessions.get(sessionId);
    if (!lines) {
      lines = new SessionLines((l) => this.#forget(sessionId, l));
      this.#sessions.set(sessionId, lines);
    }
    return lines;
  }

  // Nothing waits and no room watches: the entry goes, so a long-running instance keeps none.
  #forget(sessionId: string, lines: SessionLines): void {
    if (lines.listeners.size > 0 || lines.stored < lines.handed) return;
    if (this.#sessions.get(sessionId) === lines) this.#sessions.delete(sessionId);
  }
}
