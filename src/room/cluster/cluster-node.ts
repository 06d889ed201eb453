import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { isKitError } from '../../errors.js';
import type { StoreProgress } from '../live/output-gate.js';
import { NODE_IO, type StorageIo } from '../store/storage-io.js';
import { duplicateClient, type RedisClient } from './redis-connect.js';
import { KEYS } from './redis-keys.js';
import { RedisSessionLog } from './redis-session-log.js';
import { StoredLines } from './stored-lines.js';
import type { StreamFollower } from './stream-follower.js';
import { forwardRequest, proxySocket } from './ws-proxy.js';

/** How long an instance owns a session without renewing: a killed owner is replaced after this. */
export const LEASE_MS = 5_000;
const CHANGED = 'kit:sessions:changed';
const INSTANCES = 'kit:instances';
// Renews our lease; takes it back if it vanished (a Redis restarted without persistence), so the
// room in memory stays the only one. Another owner's lease is left alone (0: we lost it).
const RENEW = `local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not owner then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Where a connection to a session goes: this instance's room, or the owner's, or nowhere yet. */
export type Route = { local: true } | { local: false; to: string } | { local: false; to: null };

/** What the room server asks of the cluster (see docs/cluster.md). */
export interface RoomCluster {
  /** Decides where a session's connection goes; makes this instance its owner when none is. */
  route(sessionId: string): Promise<Route>;
  /** Relays an accepted upgrade to the owner's server. */
  proxy(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, to: string): void;
  /** Relays an HTTP request (end, rotate) to the owner's server and its answer back. */
  forward(req: IncomingMessage, res: ServerResponse, to: string): void;
  /** The session's room was freed here: another instance may own it. */
  released(sessionId: string): void;
  /** Called when this instance lost a session to another (its room here must go at once). */
  onLost(evict: (sessionId: string) => void): void;
  /** How far the session's recorded lines got in Redis (the room sends nothing ahead of them). */
  progress(sessionId: string): StoreProgress;
  /** The session's recording as Redis holds it (the replay's source), or null if it has none. */
  recording(sessionId: string): Promise<string | null>;
  /**
   * Resolves once Redis acknowledged every write of the session made so far (session.json and
   * recording lines); rejects when one failed. What an HTTP answer acknowledges waits for it.
   */
  settled(sessionId: string): Promise<void>;
}

/**
 * One `kit serve --redis` instance in the cluster. The data dir is this instance's copy: every
 * recording line and every session.json it writes goes to Redis too (through `io`), and the
 * session index of Redis is copied in at start and on each change. A session's room lives on one
 * instance at a time, its owner (a lease in Redis renewed every 1.6 s); the others relay their
 * participants' sockets to it. A new owner first rewrites its copy of the recording from the
 * Redis stream, so a killed owner loses nothing Redis got.
 */
export class ClusterNode implements RoomCluster {
  readonly id: string;
  readonly io: StorageIo;
  readonly #client: RedisClient;
  readonly #sub: RedisClient;
  readonly #dataDir: string;
  readonly #follower: StreamFollower;
  readonly #owned = new Set<string>();
  /** Per session, the last of its writes to Redis, chained to the ones before it. */
  readonly #writes = new Map<string, Promise<void>>();
  readonly #lines = new StoredLines();
  readonly #log: (message: string, error?: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #origin: string | null = null;
  #evict: (sessionId: string) => void = () => {};
  /** When Redis last confirmed every lease of this instance. */
  #renewedAt = Date.now();
  #renewing = false;

  private constructor(opts: ClusterNodeOptions, sub: RedisClient) {
    this.id = opts.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
    this.#client = opts.client;
    this.#sub = sub;
    this.#dataDir = opts.dataDir;
    this.#follower = opts.follower;
    this.#log = opts.log;
    this.io = {
      writeSync: NODE_IO.writeSync,
      writeFileSync: (path, data, options) => {
        NODE_IO.writeFileSync(path, data, options);
        if (basename(path) === 'session.json.tmp')
          this.#mirrorSession(basename(dirname(path)), data);
      },
      appended: (path, line) => {
        if (basename(path) === 'recording.ndjson') this.#mirrorLine(basename(dirname(path)), line);
      },
    };
  }

  /** Joins the cluster: copies the session index into `dataDir` and follows its changes. */
  static async start(opts: ClusterNodeOptions): Promise<ClusterNode> {
    const sub = duplicateClient(opts.client, (e) => opts.log(`redis: ${e.message}`));
    await sub.connect();
    const node = new ClusterNode(opts, sub);
    await sub.subscribe(CHANGED, (message) => {
      const [from, id] = message.split('|');
      if (from !== node.id && id) void node.#copyIn(id);
    });
    const all = await opts.client.hGetAll(KEYS.sessions);
    for (const [id, text] of Object.entries(all)) node.#writeSession(id, text);
    node.#timer = setInterval(() => void node.#renew(), LEASE_MS / 3);
    node.#timer.unref();
    return node;
  }

  /** Says where this instance's server can be reached by the others (after it listens). */
  async advertise(origin: string): Promise<void> {
    this.#origin = origin;
    await this.#client.hSet(INSTANCES, this.id, origin);
  }

  async route(sessionId: string): Promise<Route> {
    const key = KEYS.owner(sessionId);
    if (this.#owned.has(sessionId)) return { local: true };
    const won = await this.#client.set(key, this.id, { NX: true, PX: LEASE_MS });
    if (won !== null) {
      this.#owned.add(sessionId);
      await this.#copyIn(sessionId, true);
      return { local: true };
    }
    const owner = await this.#client.get(key);
    if (owner === this.id) {
      // Still ours after its room here closed (a failed copy, an outage): Redis's history is the
      // one to go on from, not what this instance wrote to its disk.
      this.#owned.add(sessionId);
      await this.#copyIn(sessionId, true);
      return { local: true };
    }
    const to = owner === null ? null : await this.#client.hGet(INSTANCES, owner);
    return { local: false, to: to ?? null };
  }

  proxy(
    wss: WebSocketServer,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    to: string,
  ): void {
    proxySocket(wss, req, socket, head, to);
  }

  forward(req: IncomingMessage, res: ServerResponse, to: string): void {
    forwardRequest(req, res, to);
  }

  onLost(evict: (sessionId: string) => void): void {
    this.#evict = evict;
  }

  settled(sessionId: string): Promise<void> {
    return this.#writes.get(sessionId) ?? Promise.resolve();
  }

  /** Chains one write of a session after its earlier ones, for `settled`. */
  #track(id: string, write: Promise<unknown>): void {
    const all = Promise.all([this.#writes.get(id), write]).then(() => {});
    this.#writes.set(id, all);
    // A failure is reported where its write is made; this only lets the entry go.
    const forget = () => {
      if (this.#writes.get(id) === all) this.#writes.delete(id);
    };
    all.then(forget, forget);
  }

  progress(sessionId: string): StoreProgress {
    return this.#lines.of(sessionId);
  }

  async recording(sessionId: string): Promise<string | null> {
    const log = new RedisSessionLog({
      client: this.#client,
      follower: this.#follower,
      sessionId,
      instance: this.id,
    });
    try {
      return await log.exportRecording();
    } catch (error) {
      if (isKitError(error) && error.code === 'KIT_SESSION_NOT_FOUND') return null;
      throw error;
    }
  }

  released(sessionId: string, evicted = false): void {
    if (!this.#owned.delete(sessionId) && !evicted) return;
    void this.#client
      .eval(RELEASE, { keys: [KEYS.owner(sessionId)], arguments: [this.id] })
      .catch((e) => this.#log(`cluster: cannot release ${sessionId}`, e));
  }

  /** Releases every session and leaves the instance list. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const id of [...this.#owned]) this.released(id);
    await this.#client.hDel(INSTANCES, this.id).catch(() => 0);
    if (this.#sub.isOpen) this.#sub.destroy();
  }

  async #renew(): Promise<void> {
    // Cut off from Redis past the lease, this instance may have been replaced as owner without
    // hearing of it: it closes its rooms rather than keep a second room of a session going.
    if (this.#owned.size > 0 && Date.now() - this.#renewedAt > LEASE_MS) {
      this.#log('cluster: no answer from Redis for longer than a lease; closing the rooms here');
      for (const id of [...this.#owned]) {
        this.#owned.delete(id);
        this.#evict(id);
      }
    }
    if (this.#renewing) return;
    this.#renewing = true;
    try {
      await this.#renewAll();
      this.#renewedAt = Date.now();
    } catch {
      // Redis did not answer; the next tick checks how long that has lasted.
    } finally {
      this.#renewing = false;
    }
  }

  async #renewAll(): Promise<void> {
    // Said again each time: a Redis restarted without its data forgets the instances too.
    if (this.#origin) await this.#client.hSet(INSTANCES, this.id, this.#origin);
    for (const id of [...this.#owned]) {
      const key = KEYS.owner(id);
      const kept = await this.#client.eval(RENEW, {
        keys: [key],
        arguments: [this.id, String(LEASE_MS)],
      });
      if (!this.#owned.has(id)) {
        // Evicted while this answer was on its way: the lease it renewed or took back is let go.
        if (kept !== 0) this.released(id, true);
        continue;
      }
      if (kept === 0) {
        // Another instance holds it now (this one could not renew in time): two rooms of one
        // session must not both take edits, so this one closes and its people reconnect.
        this.#log(`cluster: session ${id} moved to another instance; closing its room here`);
        this.#owned.delete(id);
        this.#evict(id);
      } else if (kept === 2) this.#reseed(id);
    }
  }

  /**
   * Our lease had vanished: Redis restarted without its data. Writes this owner's copy of the
   * session back (session.json, header, every recorded line, in order), queued on the one
   * connection before any line the room records next, so another instance can take it over again.
   */
  #reseed(id: string): void {
    const dir = join(this.#dataDir, 'sessions', id);
    let lines: string[];
    let session: string;
    try {
      lines = readFileSync(join(dir, 'recording.ndjson'), 'utf8').split('\n').filter(Boolean);
      session = readFileSync(join(dir, 'session.json'), 'utf8');
    } catch (error) {
      this.#log(`cluster: cannot read session ${id} to copy it back to Redis`, error);
      return;
    }
    this.#log(`cluster: Redis lost session ${id}; copying this instance's copy back`);
    const fail = (e: unknown) => this.#log(`cluster: cannot copy session ${id} back to Redis`, e);
    void this.#client.del([KEYS.log(id), KEYS.snap(id)]).catch(fail);
    this.#mirrorSession(id, session);
    for (const line of lines) this.#mirrorLine(id, Buffer.from(line));
  }

  #mirrorSession(id: string, text: string): void {
    const saved = this.#client.hSet(KEYS.sessions, id, text);
    this.#track(id, saved);
    void saved
      .then(() => this.#client.publish(CHANGED, `${this.id}|${id}`))
      .catch((e) => this.#log(`cluster: cannot copy session ${id} to Redis`, e));
  }

  // Counted for the room's gate: what the room sends after this line waits for Redis's answer.
  #mirrorLine(id: string, line: Uint8Array): void {
    const text = Buffer.from(line).toString('utf8').trimEnd();
    const ticket = this.#lines.hand(id);
    const failed = (e: unknown) => {
      ticket.failed();
      this.#lostCopy(id, e);
    };
    // What the room sends once a line is stored must not fail unseen (nor end the process).
    const bug = (e: unknown) => this.#log(`cluster: room ${id} failed on a stored line`, e);
    if (text.startsWith('{"schema"')) {
      const saved = this.#client.set(KEYS.head(id), text);
      this.#track(id, saved);
      saved.then(ticket.stored, failed).catch(bug);
      return;
    }
    const added = this.#client.xAdd(KEYS.log(id), '*', { e: text, o: this.id });
    this.#track(id, added);
    added
      .then((entryId) => {
        ticket.stored();
        if (!text.includes('"type":"snapshot"')) return;
        // A snapshot pointer that did not move only makes loading read from an older snapshot.
        this.#client
          .set(KEYS.snap(id), entryId)
          .catch((e) => this.#log(`cluster: cannot mark the snapshot of ${id} in Redis`, e));
      }, failed)
      .catch(bug);
  }

  /**
   * Redis refused a line or its connection dropped before answering: whether the line is stored is
   * unknown, and nothing the room sent after it went out. The room here closes (its people
   * reconnect and get what Redis holds), rather than go on from a history Redis may not have.
   */
  #lostCopy(id: string, error: unknown): void {
    this.#log(`cluster: cannot copy an event of ${id} to Redis; closing its room here`, error);
    if (!this.#owned.delete(id)) return;
    this.#evict(id);
    this.released(id, true);
  }

  /** Writes Redis's session.json (and, when taking the session over, its recording) locally. */
  async #copyIn(id: string, recording = false): Promise<void> {
    try {
      const text = await this.#client.hGet(KEYS.sessions, id);
      if (text !== null) this.#writeSession(id, text);
      const path = join(this.#dataDir, 'sessions', id, 'recording.ndjson');
      if (!recording && existsSync(path)) return;
      const log = new RedisSessionLog({
        client: this.#client,
        follower: this.#follower,
        sessionId: id,
        instance: this.id,
      });
      writeAtomically(path, await log.exportRecording());
    } catch (error) {
      this.#log(`cluster: cannot copy session ${id} from Redis`, error);
    }
  }

  #writeSession(id: string, text: string): void {
    if (!/^[0-9a-f-]{36}$/.test(id)) return;
    writeAtomically(join(this.#dataDir, 'sessions', id, 'session.json'), text);
  }
}

/** How an instance joins the cluster. */
export interface ClusterNodeOptions {
  client: RedisClient;
  follower: StreamFollower;
  dataDir: string;
  id?: string;
  log: (message: string, error?: unknown) => void;
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.copy`, text, { mode: 0o600 });
  renameSync(`${path}.copy`, path);
}
