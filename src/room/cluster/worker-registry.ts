import type { RedisClient } from './redis-connect.js';
import { KEYS } from './redis-keys.js';

/** A worker that has not said it is alive for this long counts as gone. */
export const WORKER_ALIVE_MS = 10_000;

/** The answer of a run when no worker is alive. */
export const NO_WORKER =
  'No run worker is alive: runs wait for `kit worker --redis <url>` on some machine.';

/** Says every `everyMs` that worker `id` is alive (a time in the sorted set `kit:workers`). */
export function startHeartbeat(
  client: RedisClient,
  id: string,
  everyMs: number,
  onError: (error: unknown) => void,
): { stop(): Promise<void> } {
  const beat = () => client.zAdd(KEYS.workers, { score: Date.now(), value: id }).catch(onError);
  void beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await client.zRem(KEYS.workers, id).catch(onError);
    },
  };
}

/** How many workers said they were alive within `WORKER_ALIVE_MS`. */
export async function countAliveWorkers(client: RedisClient, now = Date.now()): Promise<number> {
  return client.zCount(KEYS.workers, now - WORKER_ALIVE_MS, '+inf');
}
