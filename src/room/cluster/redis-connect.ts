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
  let connected = false;
  const client: RedisClient = createClient({
    url,
    socket: {
      // The first connect gives up after a few tries (the user mistyped, or Redis is down): once
      // connected, a dropped connection is retried for good.
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(100 * 2 ** retries, 2_000) : retries < 3 ? 200 : cause,
      connectTimeout: 5_000,
    },
  });
  client.on('error', (error: Error) => {
    if (connected) onError(error);
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    if (client.isOpen) client.destroy();
    const why = error instanceof Error ? error.message : String(error);
    throw new KitError(
      'KIT_REDIS_UNREACHABLE',
      `Cannot reach Redis at ${shown} (${why}). Is redis-server running there?`,
    );
  }
  return client;
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function hidePassword(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Another connection with the same settings (for a blocking read or pub/sub), errors to `onError`. */
export function duplicateClient(
  client: RedisClient,
  onError: (error: Error) => void = () => {},
): RedisClient {
  const copy = client.duplicate();
  copy.on('error', onError);
  return copy;
}
