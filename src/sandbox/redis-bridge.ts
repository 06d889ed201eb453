import { createConnection, createServer, type Server } from 'node:net';
import { createRedisFilter } from './redis-filter.js';

const MAX_CONNECTIONS = 64;

/** The RESP `AUTH` for the user and password of a Redis URL, or null when it has none. */
function loginCommand(url: URL): string | null {
  if (!url.password) return null;
  const words = [
    'AUTH',
    ...(url.username ? [decodeURIComponent(url.username)] : []),
    decodeURIComponent(url.password),
  ];
  return `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
}

/** The URL a jailed run is given for `url`: the same Redis, without user or password. */
export function withoutCredentials(url: string): string {
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return bare.toString();
}

/** The parent's end of the jail's only way out: a unix socket that leads to one Redis. */
export interface RedisProxy {
  close(): Promise<void>;
}

/**
 * Listens on a unix socket in the run's private folder and pipes each connection to the Redis at
 * `url`, and nowhere else: the jail has no network, so this is its one door to Redis. Only the
 * commands of the filter's allow list get through (pub/sub, not `CONFIG` or `SAVE`).
 */
export function startRedisProxy(socketPath: string, url: string): Promise<RedisProxy> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(target.port || 6379);
  const auth = loginCommand(target);
  const server: Server = createServer((inside) => {
    const outside = createConnection({ host, port });
    if (auth) {
      // The run's REDIS_URL carries no password: the parent logs in, and keeps the answer.
      outside.write(auth);
      let answer = '';
      const onAnswer = (chunk: Buffer) => {
        answer += chunk.toString('latin1');
        const end = answer.indexOf('\r\n');
        if (end < 0) return;
        outside.off('data', onAnswer);
        if (!answer.startsWith('+')) return outside.destroy();
        const rest = Buffer.from(answer.slice(end + 2), 'latin1');
        if (rest.length > 0) inside.write(rest);
        outside.pipe(inside);
      };
      outside.on('data', onAnswer);
    } else {
      outside.pipe(inside);
    }
    // What the run sends passes the filter, whole commands on its allow list only.
    const filter = createRedisFilter();
    inside.on('data', (chunk: Buffer) => {
      const { forward, refused } = filter(chunk);
      for (const command of forward) {
        if (!outside.write(command)) inside.pause();
      }
      if (refused) end();
    });
    outside.on('drain', () => inside.resume());
    const end = () => {
      inside.destroy();
      outside.destroy();
    };
    inside.on('error', end).on('close', end);
    outside.on('error', end).on('close', end);
  });
  // Each connection in is one out of this process: a run must not use up the kit's descriptors
  // (the room serves every session from them). Level 3's graders need a dozen.
  server.maxConnections = MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Open connections would keep close() waiting.
            (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}
