import { KitError } from '../errors.js';
import { createEngineRunner, RUNS_OFF } from '../room/live/runner.js';
import { RoomServer, type RoomServerOptions } from '../room/room-server.js';
import { resolveDataDir } from '../room/store/data-dir.js';
import { detectSandbox, type SandboxInfo } from '../sandbox/detect-sandbox.js';
import { readServerToken } from './server-token.js';

/** Options of `kit serve`. */
export interface ServeOptions {
  port?: number;
  host?: string;
  /** Data directory; see resolveDataDir for the default. */
  data?: string;
  /** Cap of each session's recording in MiB (`limits.maxRecordingBytes`; default 64). */
  maxRecordingMb?: number;
  /** Run candidate code even without a jail (`--unsafe-runs`). */
  unsafeRuns?: boolean;
  /** Seconds a visible-test run may take (`--run-timeout`, default 15). */
  runTimeout?: number;
  /** Seconds the interviewer's full grade may take (`--grade-timeout`, default 60). */
  gradeTimeout?: number;
  /** A deployment's Redis (`--redis`): runs go to `kit worker` processes through it. */
  redis?: string;
  /** With `redis`: the URL other instances reach this one at (default: the origin it listens on). */
  advertise?: string;
  /** Host names (`name` or `name:port` of a reverse proxy) accepted besides the bound one. */
  allowedHosts?: string[];
  /** File holding the server token (`--token-file`); else KIT_SERVER_TOKEN, else a random one. */
  tokenFile?: string;
  /** Everything else the server takes (tests inject a runner, limits, a clock). */
  server?: Omit<RoomServerOptions, 'dataDir' | 'host' | 'port'>;
}

/** A running `kit serve`. */
export interface ServeResult {
  /** The interviewer's URL with the server token. */
  url: string;
  origin: string;
  dataDir: string;
  /** True when bound to something other than a loopback address. */
  exposed: boolean;
  /** Sessions from an older kit whose plain tokens were just rewritten as hashes. */
  migratedSessions: number;
  /** How Runs go: in the jail, off (no jail), or unjailed because of `--unsafe-runs`. */
  runs: { mode: 'jailed' | 'off' | 'unsafe'; sandbox: SandboxInfo };
  /** With `--redis`: the Redis URL (no password) whose workers run the code. */
  workers?: string;
  server: RoomServer;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the room server; resolves once it listens. Never prints: bin/kit.ts shows the URL. */
export async function serve(options: ServeOptions = {}): Promise<ServeResult> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `Port "${port}" is not a port number (0-65535). Try \`kit serve --port 0\`.`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  if (options.advertise !== undefined && !/^https?:\/\/[^/?#\s]+$/.test(options.advertise)) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `--advertise "${options.advertise}" must be a URL like http://10.0.0.5:8080 (no path).`,
    );
  }
  const dataDir = resolveDataDir(options.data);
  // Candidate code from a room link must not run with the interviewer's rights: no jail, no Runs.
  const sandbox = await detectSandbox();
  const mode = sandbox.kind === 'bwrap' ? 'jailed' : options.unsafeRuns ? 'unsafe' : 'off';
  const serverToken = readServerToken(options.tokenFile) ?? options.server?.serverToken;
  const log = options.server?.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  // Loaded only with --redis: a lone server never loads the queue or the Redis client.
  const cluster = options.redis
    ? await (await import('./serve-cluster.js')).startServeCluster(options.redis, dataDir, log)
    : null;
  const runner =
    options.server?.runner ??
    cluster?.runner ??
    createEngineRunner(mode === 'off' ? { runsOff: RUNS_OFF } : {});
  let server: RoomServer;
  try {
    const limits =
      options.maxRecordingMb === undefined
        ? options.server?.limits
        : {
            ...options.server?.limits,
            maxRecordingBytes: Math.round(options.maxRecordingMb * 1024 * 1024),
          };
    const runTimeouts = {
      ...options.server?.runTimeouts,
      ...(options.runTimeout === undefined ? {} : { visibleMs: options.runTimeout * 1000 }),
      ...(options.gradeTimeout === undefined ? {} : { allMs: options.gradeTimeout * 1000 }),
    };
    server = await RoomServer.start({
      ...options.server,
      runner,
      limits,
      runTimeouts,
      ...(serverToken ? { serverToken } : {}),
      ...(options.allowedHosts?.length ? { allowedHosts: options.allowedHosts } : {}),
      ...(cluster ? { io: cluster.node.io, cluster: cluster.node } : {}),
      dataDir,
      host,
      port,
    });
    await cluster?.node.advertise(options.advertise ?? server.origin);
  } catch (error) {
    await cluster?.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      throw new KitError(
        'KIT_BAD_OPTION',
        `Cannot listen on ${host}:${port} (${code}). Try \`kit serve --port 0\`.`,
      );
    }
    throw error;
  }
  return {
    url: server.url,
    origin: server.origin,
    dataDir,
    exposed: !LOOPBACK.has(host),
    migratedSessions: server.migratedSessions,
    runs: { mode, sandbox },
    ...(cluster ? { workers: cluster.redis } : {}),
    server,
    close: async () => {
      await server.close();
      await cluster?.close();
    },
  };
}
