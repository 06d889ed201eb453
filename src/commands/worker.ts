import { KitError } from '../errors.js';
import { connectRedis, hidePassword } from '../room/cluster/redis-connect.js';
import { type JobRunner, type RunWorker, startRunWorker } from '../room/cluster/run-worker.js';
import { createEngineRunner } from '../room/live/runner.js';
import { detectSandbox, type SandboxInfo } from '../sandbox/detect-sandbox.js';

/** Options of `kit worker`. */
export interface WorkerOptions {
  /** redis://host:port of the deployment. */
  redis: string;
  /** Runs at once on this machine (default 1). */
  concurrency?: number;
  /** Run candidate code even without a jail (`--unsafe-runs`). */
  unsafeRuns?: boolean;
  /** Tests inject a fast runner; default: the engine of `kit grade`, in the sandbox. */
  runner?: JobRunner;
  log?: (message: string, error?: unknown) => void;
}

/** A running `kit worker`. */
export interface WorkerResult {
  id: string;
  /** The URL without its password. */
  redis: string;
  runs: { mode: 'jailed' | 'unsafe'; sandbox: SandboxInfo };
  close(): Promise<void>;
}

/**
 * Starts taking the deployment's runs from Redis and grading them with the engine of `kit grade`
 * in the sandbox. Without a jail it refuses to start unless `unsafeRuns`: a worker exists to run
 * code from strangers.
 */
export async function startWorker(options: WorkerOptions): Promise<WorkerResult> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `--concurrency "${concurrency}" must be a whole number of runs, 1 or more.`,
    );
  }
  const sandbox = await detectSandbox();
  if (sandbox.kind !== 'bwrap' && !options.unsafeRuns && !options.runner) {
    throw new KitError(
      'KIT_SANDBOX_MISSING',
      `This machine has no sandbox for candidate code (${sandbox.reason}). \`kit doctor\` says what is missing; \`kit worker --unsafe-runs\` runs code unjailed.`,
    );
  }
  const log = options.log ?? ((m, e) => console.error(m, e ?? ''));
  const client = await connectRedis(options.redis, (error) => log('worker: Redis', error.message));
  let worker: RunWorker;
  try {
    worker = await startRunWorker({
      client,
      runner: options.runner ?? createEngineRunner(),
      concurrency,
      log,
    });
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    id: worker.id,
    redis: hidePassword(options.redis),
    runs: { mode: sandbox.kind === 'bwrap' ? 'jailed' : 'unsafe', sandbox },
    async close() {
      await worker.close();
      client.destroy();
    },
  };
}
