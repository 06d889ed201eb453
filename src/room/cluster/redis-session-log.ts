import { KitError } from '../../errors.js';
import {
  type EventInput,
  RECORDING_SCHEMA,
  RECORDING_VERSION,
  type RecordedEvent,
  type RecordingHeader,
} from '../store/recording-types.js';
import type { RedisClient } from './redis-connect.js';
import { KEYS } from './redis-keys.js';
import type { Following, LoadedLog, LogEntry, SessionLog } from './session-log.js';
import { parseEntries, type StreamEntry, type StreamFollower } from './stream-follower.js';

/** Writes a new session's header; fails if the session exists already. */
export async function createRedisSession(
  client: RedisClient,
  session: RecordingHeader['session'],
): Promise<void> {
  const header: RecordingHeader = { schema: RECORDING_SCHEMA, version: RECORDING_VERSION, session };
  const set = await client.set(KEYS.head(session.id), JSON.stringify(header), { NX: true });
  if (set === null) throw new Error(`session ${session.id} exists in Redis already`);
}

/**
 * A session's history as the Redis stream `kit:s:<id>:log`: one entry per event, the same JSON as
 * a recording line, in the order Redis gave the entries their IDs. Loading reads from the last
 * snapshot's entry; following reads with XREAD from exactly the last ID loaded (see
 * StreamFollower). Appends from one instance go over one connection, so they keep their order.
 */
export class RedisSessionLog implements SessionLog {
  readonly sessionId: string;
  readonly #client: RedisClient;
  readonly #follower: StreamFollower;
  readonly #instance: string;
  readonly #now: () => number;
  #origin: number | null = null;
  #seq = 0;

  constructor(opts: {
    client: RedisClient;
    follower: StreamFollower;
    sessionId: string;
    /** This instance's id, written into each entry's `o` field. */
    instance: string;
    now?: () => number;
  }) {
    this.sessionId = opts.sessionId;
    this.#client = opts.client;
    this.#follower = opts.follower;
    this.#instance = opts.instance;
    this.#now = opts.now ?? Date.now;
  }

  async append(event: EventInput): Promise<LogEntry> {
    const origin = this.#origin ?? Date.parse((await this.#header()).session.createdAt);
    this.#origin = origin;
    const stamped = { t: Math.max(0, this.#now() - origin), ...event } as RecordedEvent;
    this.#seq += 1;
    const tag = `${this.#instance}:${this.#seq}`;
    const id = await this.#client.xAdd(KEYS.log(this.sessionId), '*', {
      e: JSON.stringify(stamped),
      o: tag,
    });
    if (stamped.type === 'snapshot') await this.#client.set(KEYS.snap(this.sessionId), id);
    return { id, event: stamped, origin: tag };
  }

  async load(): Promise<LoadedLog> {
    const header = await this.#header();
    const snap = await this.#client.get(KEYS.snap(this.sessionId));
    const raw = await this.#client.sendCommand([
      'XRANGE',
      KEYS.log(this.sessionId),
      snap ?? '-',
      '+',
    ]);
    const entries = parseEntries(raw).map(toLogEntry);
    return { header, entries, lastId: entries.at(-1)?.id ?? '0' };
  }

  follow(fromId: string, onEntry: (entry: LogEntry) => void): Following {
    const stop = this.#follower.follow(KEYS.log(this.sessionId), fromId, (entry) =>
      onEntry(toLogEntry(entry)),
    );
    return { stop };
  }

  /** The whole history as a recording file's text (header line, then one line per event). */
  async exportRecording(): Promise<string> {
    const header = await this.#header();
    const raw = await this.#client.sendCommand(['XRANGE', KEYS.log(this.sessionId), '-', '+']);
    const lines = [JSON.stringify(header), ...parseEntries(raw).map((e) => e.fields.e)];
    return `${lines.join('\n')}\n`;
  }

  async #header(): Promise<RecordingHeader> {
    const text = await this.#client.get(KEYS.head(this.sessionId));
    if (text === null) {
      throw new KitError(
        'KIT_SESSION_NOT_FOUND',
        `No session "${this.sessionId}" in Redis. Run \`kit sessions --redis <url>\` to list them.`,
      );
    }
    return JSON.parse(text) as RecordingHeader;
  }
}

function toLogEntry(entry: StreamEntry): LogEntry {
  const { e, o } = entry.fields;
  if (e === undefined) throw new Error(`stream entry ${entry.id} has no event`);
  return { id: entry.id, event: JSON.parse(e) as RecordedEvent, origin: o ?? '' };
}
