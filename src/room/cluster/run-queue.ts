import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { GradeReport } from '../../grading/types.js';
import { duplicateClient, type RedisClient } from './redis-connect.js';
import { KEYS, RUN_QUEUE } from './redis-keys.js';
import type { QueuedRunInput, RunJobData } from './run-job.js';
import { countAliveWorkers, NO_WORKER } from './worker-registry.js';

/** The engine limit used when the room gives none (the room's default full-grade limit + 5 s). */
const DEFAULT_TIMEOUT_MS = 65_000;
/** How long after the engine's limit the instance stops waiting for a job (queueing, a retry). */
const WAIT_MARGIN_MS = 30_000;

/** Why a second run of a session is refused while one runs anywhere. */
export const RUN_IN_PROGRESS = 'A run of this session is already in progress on another server.';

/** Why a run failed whose worker died twice while running it (BullMQ retried it once). */
export const WORKER_DIED =
  'The run failed: the worker running it stopped twice (killed or out of memory), so it was not tried again.';

// Deletes the lock only if it is still ours (a lock that expired may be another run's by now).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A RoomRunner that hands runs to `kit worker` processes through a BullMQ queue. */
export interface QueueRunner {
  run(input: QueuedRunInput): Promise<GradeReport>;
  close(): Promise<void>;
}

/**
 * Runs as jobs: checks that a worker is alive, takes the session's run lock, enqueues, streams
 * the output back from the worker's channel, forwards a cancel, and resolves with the worker's
 * report (or rejects with why the job failed). `client` is shared; the queue's listener and the
 * output subscriber get connections of their own.
 */
export async function createQueueRunner(opts: {
  client: RedisClient;
  /** Extra time to wait past the engine's limit (tests shorten it). */
  waitMarginMs?: number;
  log?: (message: string, error?: unknown) => void;
}): Promise<QueueRunner> {
  const { client } = opts;
  const log = opts.log ?? (() => {});
  const onError = (error: Error) => log('run queue: Redis connection failed', error);
  const margin = opts.waitMarginMs ?? WAIT_MARGIN_MS;
  const connections = [1, 2, 3].map(() => duplicateClient(client, onError));
  const [queueConn, eventsConn, subscriber] = connections as [
    RedisClient,
    RedisClient,
    RedisClient,
  ];
  const queue = new Queue<RunJobData>(RUN_QUEUE, { connection: queueConn });
  const events = new QueueEvents(RUN_QUEUE, { connection: eventsConn });
  await Promise.all([subscriber.connect(), events.waitUntilReady(), queue.waitUntilReady()]);
  return {
    async run(input) {
      if ((await countAliveWorkers(client)) === 0) throw new Error(NO_WORKER);
      const jobId = randomUUID();
      const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const sessionId = input.sessionId ?? `anonymous-${jobId}`;
      const lock = KEYS.runLock(sessionId);
      const taken = await client.set(lock, jobId, { NX: true, PX: timeoutMs + margin });
      if (taken === null) throw new Error(RUN_IN_PROGRESS);
      const channel = KEYS.runOutput(jobId);
      const onAbort = () => void client.publish(KEYS.runCancel(jobId), 'cancel').catch(() => {});
      try {
        await subscriber.subscribe(channel, (text) => input.onOutput?.(text));
        input.signal?.addEventListener('abort', onAbort, { once: true });
        const data: RunJobData = {
          sessionId,
          levelId: input.levelId,
          files: input.files,
          scope: input.scope,
          timeoutMs,
        };
        const job = await queue.add('run', data, {
          jobId,
          attempts: 1,
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 24 * 3600 },
        });
        if (input.signal?.aborted) onAbort();
        try {
          return (await job.waitUntilFinished(events, timeoutMs + margin)) as GradeReport;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (message.includes('stalled more than allowable limit')) throw new Error(WORKER_DIED);
          if (!message.includes('timed out before finishing')) throw error;
          // The job may still wait in the queue; it must not run after its answer was given.
          await job.remove().catch(() => {});
          if ((await countAliveWorkers(client)) === 0) throw new Error(NO_WORKER);
          throw new Error(
            `No worker finished the run within ${Math.round((timeoutMs + margin) / 1000)} s.`,
          );
        }
      } finally {
        input.signal?.removeEventListener('abort', onAbort);
        await subscriber.unsubscribe(channel).catch(() => {});
        await client.eval(RELEASE, { keys: [lock], arguments: [jobId] }).catch(() => {});
      }
    },
    async close() {
      // BullMQ leaves connections it was given open.
      await events.close();
      await queue.close();
      for (const c of connections) if (c.isOpen) c.destroy();
    },
  };
}
