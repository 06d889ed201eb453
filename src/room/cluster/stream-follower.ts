import type { RedisClient } from './redis-connect.js';

/** One entry as XREAD returns it: its ID and its field → value pairs. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

type Listener = (entry: StreamEntry) => void;

interface Followed {
  lastId: string;
  listeners: Set<Listener>;
}

/** How long one XREAD blocks; a newly followed stream waits at most this for its first read. */
const BLOCK_MS = 200;

/**
 * Follows many streams over one blocking connection, as y-redis does: a loop of
 * `XREAD BLOCK ... STREAMS k1 k2 ... id1 id2`, each ID the last entry delivered for that key, so
 * each listener gets every entry after the ID it started from, once and in order, across
 * reconnections (a failed XREAD is retried from the same IDs).
 */
export class StreamFollower {
  readonly #client: RedisClient;
  readonly #streams = new Map<string, Followed>();
  #running = false;
  #stopped = false;
  #onError: (error: unknown) => void;

  /** `client` must be a connection of its own: XREAD BLOCK holds it. */
  constructor(client: RedisClient, onError: (error: unknown) => void = () => {}) {
    this.#client = client;
    this.#onError = onError;
  }

  /** Delivers every entry of `key` after `fromId` to `listener` until the returned stop is called. */
  follow(key: string, fromId: string, listener: Listener): () => void {
    const known = this.#streams.get(key);
    if (known && known.lastId !== fromId) {
      // One ID per key: a second reader from another point gets its own catch-up first.
      throw new Error(`stream ${key} is followed from ${known.lastId}, not ${fromId}`);
    }
    const followed = known ?? { lastId: fromId, listeners: new Set<Listener>() };
    followed.listeners.add(listener);
    this.#streams.set(key, followed);
    if (!this.#running) void this.#loop();
    return () => {
      followed.listeners.delete(listener);
      if (followed.listeners.size === 0 && this.#streams.get(key) === followed)
        this.#streams.delete(key);
    };
  }

  /** The ID after which `key` is followed, or null when it is not. */
  lastId(key: string): string | null {
    return this.#streams.get(key)?.lastId ?? null;
  }

  /** Ends the loop (after the XREAD in flight) and closes the connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#client.isOpen) this.#client.destroy();
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (!this.#stopped && this.#streams.size > 0) {
        const keys = [...this.#streams.keys()];
        const ids = keys.map((k) => this.#streams.get(k)?.lastId ?? '$');
        let reply: unknown;
        try {
          reply = await this.#client.sendCommand([
            'XREAD',
            'COUNT',
            '1000',
            'BLOCK',
            String(BLOCK_MS),
            'STREAMS',
            ...keys,
            ...ids,
          ]);
        } catch (error) {
          if (this.#stopped) return;
          this.#onError(error);
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        for (const [key, entries] of parseXread(reply)) {
          const followed = this.#streams.get(key);
          if (!followed) continue;
          for (const entry of entries) {
            // Only what is strictly after the ID asked for: a key re-added meanwhile moved on.
            if (compareIds(entry.id, followed.lastId) <= 0) continue;
            followed.lastId = entry.id;
            for (const listener of [...followed.listeners]) listener(entry);
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

/** Orders two stream IDs (`ms-seq`); '0' is before everything. */
export function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

/** Turns a raw RESP2 XREAD / XRANGE reply into entries per key. */
export function parseXread(reply: unknown): Array<[string, StreamEntry[]]> {
  if (!Array.isArray(reply)) return [];
  return reply.map((item) => {
    const [key, entries] = item as [unknown, unknown];
    return [String(key), parseEntries(entries)];
  });
}

/** Entries of a raw XRANGE reply (or of one key of an XREAD reply). */
export function parseEntries(entries: unknown): StreamEntry[] {
  if (!Array.isArray(entries)) return [];
  return entries.map((raw) => {
    const [id, flat] = raw as [unknown, unknown[]];
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    return { id: String(id), fields };
  });
}
