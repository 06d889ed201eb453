import { createClient, type RedisClientType } from 'redis';
import { KitError } from '../../errors.js';

/** The node-redis client the cluster uses (RESP2, no modules). */
export type RedisClient = RedisClientType;

/**
 * Connects to Redis at `url` (redis:// or rediss://). A bad URL or an unreachable server is a
 * KitError naming the URL without its password; once connected, node-redis reconnects by itself
 * (backoff up to 2 s) and `onError` hears each failure.
 */
export async function connectRedis(
  url: string,
  onError: (error: Error) => void = () => {},
): Promise<RedisClient> {
  const shown = hidePassword(url);
  if (!/^rediss?:\/\//.test(url)) {
    throw new KitError('KIT_BAD_OPTION', `"${shown}" is not a Redis URL: use redis://host:6379.`);
  }
  let attempts = 0;
  const client: RedisClient = createClient({
    url,
    socket: {
      // The first connect fails fast (the user mistyped); later drops retry for good.
      reconnectStrategy: (retries) => {
        attempts = retries;
        return Math.min(100 * 2 ** retries, 2_000);
      },
      connectTimeout: 5_000,
    },
  });
  client.on('error', (error: Error) => onError(error));
  try {
    await withTimeout(client.connect(), 5_000);
  } catch (error) {
    client.destroy();
    const why = error instanceof Error ? error.message : String(error);
    throw new KitError(
      'KIT_BAD_OPTION',
      `Cannot reach Redis at ${shown} (${why}${attempts ? `, ${attempts} tries` : ''}). Is redis-server running?`,
    );
  }
  return client;
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function hidePassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
