import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { findLevel } from '../levels/level-registry.js';
import type { RoomCluster } from './cluster/cluster-node.js';
import { type ApiContext, handleHttp } from './http/http-api.js';
import { type HostPolicy, hostAllowed, originAllowed } from './http/request-guard.js';
import { readGuideOutline, readLevelTask } from './level-briefing.js';
import { Room } from './live/room.js';
import { DEFAULT_RUN_TIMEOUTS, type RunTimeouts } from './live/room-context.js';
import { createEngineRunner, type RoomRunner } from './live/runner.js';
import { emptyReview } from './protocol/people-protocol.js';
import {
  CLOSE,
  type GuideOutline,
  LIMITS,
  type Limits,
  type Role,
  type SessionSummary,
} from './protocol/protocol.js';
import { readStarterFiles } from './starter-files.js';
import { activityDuration } from './store/session-activity.js';
import {
  type CreatedSession,
  SessionStore,
  type StoredSession,
  toSessionInfo,
} from './store/session-store.js';
import { NODE_IO, type StorageIo } from './store/storage-io.js';
import { createToken, roleOfToken, tokenMatchesHash } from './store/tokens.js';

/** The close reason of a connection whose link was rotated (the page shows it). */
const REVOKED = 'This link was replaced: ask the interviewer for the new one';

/** How to run a room server. Everything but `dataDir` has a default. */
export interface RoomServerOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Grades runs; defaults to the engine of `kit grade`. */
  runner?: RoomRunner;
  /** When the room stops a run: visible-test runs after 15 s, full grades after 60 s by default. */
  runTimeouts?: Partial<RunTimeouts>;
  /** Ping interval; 0 disables the timer (tests call `tickHeartbeat()`). Default 15 s. */
  heartbeatMs?: number;
  limits?: Partial<Limits>;
  now?: () => number;
  /** A level's starter sources; defaults to levels/<id>/src. */
  starterFiles?: (level: LevelId) => Record<string, string>;
  /** A level's task README for `welcome.task`; defaults to levels/<id>/README.md. */
  levelTask?: (level: LevelId) => string;
  /** A level's guide phases for `welcome.guide`; defaults to the phases of guides/<id>.md. */
  levelGuide?: (level: LevelId) => GuideOutline;
  /** The server token for the API; a fresh random one by default. */
  serverToken?: string;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  log?: (message: string, error?: unknown) => void;
  /** The writes to the data dir; tests inject failures (a full disk). Default: node:fs. */
  io?: StorageIo;
  /** How often a room that cannot save tries again; 0 leaves it to `Room.retryStorage()`. 2 s. */
  storageRetryMs?: number;
  /** A room records a snapshot after this many bytes of events (default 256 KiB). */
  snapshotEveryBytes?: number;
  /** How long a dropped participant shows as reconnecting (default 30 s). */
  reconnectGraceMs?: number;
  /** With `kit serve --redis`: which instance holds each session's room (docs/cluster.md). */
  cluster?: RoomCluster;
}

/** The `kit serve` process: the page and API over node:http, the rooms over ws. */
export class RoomServer {
  readonly store: SessionStore;
  readonly token: string;
  readonly limits: Limits;
  /** Sessions whose plain tokens were rewritten as hashes when this server started. */
  migratedSessions = 0;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Room>();
  readonly #opts: RoomServerOptions;
  readonly #now: () => number;
  readonly #runner: RoomRunner;
  readonly #log: (message: string, error?: unknown) => void;
  #policy: HostPolicy = { port: 0, boundHost: '127.0.0.1' };
  #timer: NodeJS.Timeout | undefined;

  private constructor(opts: RoomServerOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.store = new SessionStore(opts.dataDir, this.#now, opts.io ?? NODE_IO);
    this.token = opts.serverToken ?? createToken();
    this.limits = { ...LIMITS, ...opts.limits };
    this.#runner = opts.runner ?? createEngineRunner();
    this.#log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxFrameBytes });
    this.#http = createServer((req, res) => {
      if (!hostAllowed(req.headers.host, this.#policy)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden');
        return;
      }
      const cluster = this.#opts.cluster;
      // Ending a session or rotating a link acts on its open room: done where the room lives.
      const id = /^\/api\/sessions\/([^/?]+)\/(?:end|rotate)(?:$|\?)/.exec(req.url ?? '')?.[1];
      if (cluster && id && req.method === 'POST' && !this.#rooms.has(id)) {
        cluster.route(id).then(
          (route) => {
            if (route.local) void handleHttp(req, res, this.#api());
            else if (route.to) cluster.forward(req, res, route.to);
            else res.writeHead(503, { 'Retry-After': '5' }).end();
          },
          () => res.writeHead(503, { 'Retry-After': '5' }).end(),
        );
        return;
      }
      void handleHttp(req, res, this.#api());
    });
    this.#http.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
    opts.cluster?.onLost((id) => this.#evict(id));
  }

  // Another instance owns the session now: the room goes without recording more (the new owner
  // has the history), and its people reconnect, to land on the new owner.
  #evict(id: string): void {
    const room = this.#rooms.get(id);
    if (!room) return;
    this.#rooms.delete(id);
    room.dispose();
    for (const peer of room.connections())
      peer.ws.close(1012, 'This session moved to another server; reconnecting');
  }

  /** Starts a server and resolves once it listens. */
  static async start(opts: RoomServerOptions): Promise<RoomServer> {
    const server = new RoomServer(opts);
    // Before any request: a data dir from an older kit holds plain tokens; keep only their hashes.
    server.migratedSessions = server.store.migrateTokens();
    const host = opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.#http.once('error', reject);
      server.#http.listen(opts.port ?? 0, host, () => resolve());
    });
    const { port } = server.#http.address() as AddressInfo;
    server.#policy = {
      port,
      boundHost: host,
      allowedHosts: opts.allowedHosts,
      allowedOrigins: opts.allowedOrigins,
    };
    const every = opts.heartbeatMs ?? 15_000;
    if (every > 0) server.#timer = setInterval(() => server.tickHeartbeat(), every).unref();
    return server;
  }

  /** The port the server listens on. */
  get port(): number {
    return this.#policy.port;
  }

  /** `http://host:port`, with `localhost` for a wildcard bind. */
  get origin(): string {
    const h = this.#policy.boundHost;
    const name = h === '0.0.0.0' || h === '::' ? 'localhost' : h.includes(':') ? `[${h}]` : h;
    return `http://${name}:${this.port}`;
  }

  /** The interviewer's URL, carrying the server token. */
  get url(): string {
    return `${this.origin}/?token=${this.token}`;
  }

  /** Creates a session for a level (id or slug); the only time its plain tokens exist. */
  createSession(level: string, title?: string): CreatedSession {
    const info = findLevel(level);
    const files = (this.#opts.starterFiles ?? readStarterFiles)(info.id);
    return this.store.create({ level: info.id, title, files });
  }

  /** Ends a session, whether or not anyone is in its room. */
  endSession(id: string): StoredSession {
    const session = this.store.get(id);
    if (session.endedAt) return session;
    const room = this.#open(session);
    const refused = room.end(null);
    this.#settle(room);
    if (refused && !refused.ok) throw new KitError('KIT_STORAGE_PAUSED', refused.message);
    return this.store.get(id);
  }

  /**
   * Gives a role of a session a new token and returns it. The old token opens nothing from now on,
   * and every connection that joined with it is closed with `CLOSE.revoked` and leaves at once, so
   * not one more frame from it is applied.
   */
  rotateLink(id: string, role: Role): { token: string; closed: number } {
    const token = this.store.rotateToken(id, role);
    const room = this.#rooms.get(id);
    const stale = room?.connections().filter((peer) => peer.info.role === role) ?? [];
    for (const peer of stale) {
      room?.leave(peer, 'closed');
      peer.ws.close(CLOSE.revoked, REVOKED);
    }
    return { token, closed: stale.length };
  }

  /** The room of a session if it is in memory. */
  room(id: string): Room | undefined {
    return this.#rooms.get(id);
  }

  /** One heartbeat: terminate peers that missed two pings, ping the rest. */
  tickHeartbeat(): void {
    for (const room of [...this.#rooms.values()]) {
      for (const peer of room.connections()) {
        if (peer.missedPings >= 2) {
          room.leave(peer, 'timeout');
          peer.ws.terminate();
        } else {
          peer.missedPings += 1;
          peer.ws.ping();
        }
      }
    }
  }

  /** Closes every room (recording a leave for each peer) and stops listening. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const room of this.#rooms.values()) room.shutdown();
    this.#rooms.clear();
    // Give close frames a moment to reach the clients, then cut whoever did not answer.
    const open = [...this.#wss.clients];
    await Promise.race([
      Promise.all(open.map((ws) => new Promise((resolve) => ws.once('close', resolve)))),
      new Promise((resolve) => setTimeout(resolve, 1000).unref()),
    ]);
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
    await new Promise<void>((resolve) => {
      this.#http.close(() => resolve());
      this.#http.closeAllConnections();
    });
  }

  /** A session as the API lists it, with its activity (the live room's when it is in memory). */
  summarize(session: StoredSession): SessionSummary {
    const room = this.#rooms.get(session.id);
    const online = room?.peers.length ?? 0;
    const activity = room?.activity ?? this.store.activityOf(session);
    const live = online > 0 && !session.endedAt;
    return {
      ...toSessionInfo(session),
      status: session.endedAt ? 'ended' : 'open',
      online,
      participants: activity.participants,
      durationMs: activityDuration(activity, live, this.#now()),
      lastScore: activity.lastScore,
      review: session.review ?? emptyReview(),
    };
  }

  #api(): ApiContext {
    const cluster = this.#opts.cluster;
    return {
      serverToken: this.token,
      listSessions: () => this.store.list(),
      findSession: (id) => this.store.find(id),
      createSession: (body) => this.createSession(body.level, body.title),
      rotateLink: (id, role) => this.rotateLink(id, role),
      endSession: (id) => this.endSession(id),
      summarize: (session) => this.summarize(session),
      recordingPath: (id) => this.store.recordingPath(id),
      // With --redis the replay reads Redis: this instance's copy may be old or missing.
      ...(cluster
        ? {
            readRecording: (id: string) => cluster.recording(id),
            settled: (id: string) => cluster.settled(id),
          }
        : {}),
      log: this.#log,
    };
  }

  #open(session: StoredSession): Room {
    let room = this.#rooms.get(session.id);
    if (!room) {
      room = new Room(session, {
        store: this.store,
        runner: this.#runner,
        limits: this.limits,
        task: (this.#opts.levelTask ?? readLevelTask)(session.level),
        guide: (this.#opts.levelGuide ?? readGuideOutline)(session.level),
        now: this.#now,
        io: this.#opts.io ?? NODE_IO,
        storageRetryMs: this.#opts.storageRetryMs ?? 2000,
        snapshotEveryBytes: this.#opts.snapshotEveryBytes ?? 256 * 1024,
        runTimeouts: { ...DEFAULT_RUN_TIMEOUTS, ...this.#opts.runTimeouts },
        onSettled: (r) => this.#settle(r),
        ...(this.#opts.cluster ? { stored: this.#opts.cluster.progress(session.id) } : {}),
        ...(this.#opts.reconnectGraceMs === undefined
          ? {}
          : { reconnectGraceMs: this.#opts.reconnectGraceMs }),
        log: this.#log,
      });
      this.#rooms.set(session.id, room);
    }
    return room;
  }

  // An empty room with no run going is freed; the recording brings it back on the next join.
  #settle(room: Room): void {
    if (room.peers.length > 0 || room.busy || this.#rooms.get(room.session.id) !== room) return;
    this.#rooms.delete(room.session.id);
    room.dispose();
    this.#opts.cluster?.released(room.session.id);
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number) => {
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    };
    const { host, origin } = req.headers;
    if (!hostAllowed(host, this.#policy) || !originAllowed(origin, host, this.#policy)) {
      refuse(403);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = /^\/ws\/([^/]+)$/.exec(url.pathname)?.[1];
    if (id === undefined) {
      refuse(404);
      return;
    }
    const session = this.store.find(id);
    const token = url.searchParams.get('token');
    const role = session && roleOfToken(session.tokenHashes, token);
    if (session && !role && isRevoked(session, token)) {
      // A page that still holds a replaced link (it was offline at the rotation) learns why it is
      // out, instead of retrying a 401 it cannot read; the socket joins nothing.
      this.#wss.handleUpgrade(req, socket, head, (ws) => ws.close(CLOSE.revoked, REVOKED));
      return;
    }
    if (!session || !role) {
      refuse(401);
      return;
    }
    const cluster = this.#opts.cluster;
    if (cluster && !this.#rooms.has(id)) {
      // The session's room may live on another instance: relay there, or own it here.
      cluster.route(id).then(
        (route) => {
          if (route.local) this.#accept(req, socket, head, url, id, role);
          else if (route.to) cluster.proxy(this.#wss, req, socket, head, route.to);
          else refuse(503);
        },
        (error) => {
          this.#log(`join ${id}: cannot reach Redis`, error);
          refuse(503);
        },
      );
      return;
    }
    this.#accept(req, socket, head, url, id, role);
  }

  #accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
    id: string,
    role: Role,
  ): void {
    const token = url.searchParams.get('token');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        // Checked again on the stored session: a rotation may have landed during the handshake.
        const current = this.store.get(id);
        if (roleOfToken(current.tokenHashes, token) !== role) {
          ws.close(CLOSE.revoked, REVOKED);
          return;
        }
        this.#open(current).join(ws, role, url.searchParams.get('name'));
      } catch (error) {
        this.#log(`join ${id} failed`, error);
        ws.close(1011, 'Server error');
      }
    });
  }
}

/** True when a token is one the session's links used to carry before a rotation. */
function isRevoked(session: StoredSession, token: string | null): boolean {
  return (session.revokedHashes ?? []).some((hash) => tokenMatchesHash(token, hash));
}
