import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { GradeReport } from '../../grading/types.js';
import type { RunInput } from '../live/runner.js';
import { duplicateClient, type RedisClient } from './redis-connect.js';
import { KEYS, RUN_QUEUE } from './redis-keys.js';
import type { QueuedRunInput, RunJobData } from './run-job.js';
import { startHeartbeat } from './worker-registry.js';

/** What a worker runs jobs with: the room's runner (`createEngineRunner` in `kit worker`). */
export interface JobRunner {
  run(input: RunInput): Promise<GradeReport>;
}

/** How a worker takes jobs. */
export interface RunWorkerOptions {
  client: RedisClient;
  runner: JobRunner;
  /** Runs at once on this worker (default 1: a run is about a core-second). */
  concurrency?: number;
  /** Default: host name and a random suffix. */
  id?: string;
  heartbeatMs?: number;
  /** BullMQ's job lock: a killed worker's job counts as stalled this long after (default 10 s). */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 5 s). */
  stalledIntervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** A running worker. */
export interface RunWorker {
  readonly id: string;
  /** Stops taking jobs, lets the running ones finish, and leaves the worker list. */
  close(): Promise<void>;
}

/**
 * Takes run jobs from the queue and grades each with `runner`, publishing the output on the job's
 * channel and stopping it when the instance publishes a cancel. A job whose worker dies is moved
 * back to the queue once by BullMQ's stalled-job check (another worker runs it), then failed.
 */
export async function startRunWorker(opts: RunWorkerOptions): Promise<RunWorker> {
  const { client, runner } = opts;
  const log = opts.log ?? (() => {});
  const id = opts.id ?? `${hostname()}-${randomUUID().slice(0, 8)}`;
  const onError = (error: Error) => log(`worker ${id}: Redis connection failed`, error);
  const running = new Map<string, AbortController>();
  const cancels = duplicateClient(client, onError);
  await cancels.connect();
  await cancels.pSubscribe(KEYS.runCancel('*'), (_message, channel) => {
    const jobId = channel.split(':')[2] ?? '';
    running.get(jobId)?.abort();
  });
  const connection = duplicateClient(client, onError);
  const worker = new Worker<RunJobData, GradeReport>(
    RUN_QUEUE,
    async (job) => {
      const jobId = job.id ?? '';
      const abort = new AbortController();
      running.set(jobId, abort);
      try {
        const input: QueuedRunInput = {
          ...job.data,
          signal: abort.signal,
          onOutput: (text) => void client.publish(KEYS.runOutput(jobId), text).catch(() => {}),
        };
        return await runner.run(input as RunInput);
      } finally {
        running.delete(jobId);
      }
    },
    {
      connection,
      concurrency: opts.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 10_000,
      stalledInterval: opts.stalledIntervalMs ?? 5_000,
      maxStalledCount: 1,
    },
  );
  worker.on('error', (error) => log(`worker ${id}: queue error`, error));
  worker.on('failed', (job, error) => log(`worker ${id}: run ${job?.id} failed: ${error.message}`));
  await worker.waitUntilReady();
  const heartbeat = startHeartbeat(client, id, opts.heartbeatMs ?? 2_000, (error) =>
    log(`worker ${id}: heartbeat failed`, error),
  );
  return {
    id,
    async close() {
      await worker.close();
      await heartbeat.stop();
      for (const c of [cancels, connection]) if (c.isOpen) c.destroy();
    },
  };
}
