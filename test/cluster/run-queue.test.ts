import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import {
  createQueueRunner,
  type QueueRunner,
  RUN_IN_PROGRESS,
  WORKER_DIED,
} from '../../src/room/cluster/run-queue.js';
import { type RunWorker, startRunWorker } from '../../src/room/cluster/run-worker.js';
import { NO_WORKER } from '../../src/room/cluster/worker-registry.js';
import type { RunInput } from '../../src/room/live/runner.js';
import { startRedis, type TestRedis } from './redis-server.js';

/** A report that says which worker graded which files (the queue carries it back as JSON). */
function reportOf(worker: string, input: RunInput): GradeReport {
  return { worker, files: input.files, scope: input.scope } as unknown as GradeReport;
}

/** A runner that answers at once, or holds until released or aborted. */
function fakeRunner(name: string) {
  const started: RunInput[] = [];
  let release: () => void = () => {};
  const state = { hold: false, started, release: () => release() };
  return {
    state,
    runner: {
      async run(input: RunInput): Promise<GradeReport> {
        started.push(input);
        input.onOutput(`hello from ${name}\n`);
        if (state.hold) {
          await new Promise<void>((resolve) => {
            release = resolve;
            input.signal.addEventListener('abort', () => resolve());
          });
          return { ...reportOf(name, input), stopped: input.signal.aborted } as GradeReport;
        }
        return reportOf(name, input);
      },
    },
  };
}

function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

const input = (sessionId: string, signal = new AbortController().signal) => {
  const output: string[] = [];
  return {
    output,
    run: {
      sessionId,
      levelId: 'level1',
      files: { 'chat.ts': `// ${sessionId}` },
      scope: 'visible' as const,
      timeoutMs: 5_000,
      signal,
      onOutput: (text: string) => output.push(text),
    },
  };
};

describe('runs as jobs', () => {
  let redis: TestRedis;
  let client: RedisClient;
  let queue: QueueRunner;
  const workers: RunWorker[] = [];
  const children: ChildProcess[] = [];

  // A Redis of its own for each test: a worker left from one test (closing, or a child not yet
  // dead) can never take another test's job.
  beforeEach(async () => {
    redis = await startRedis();
    client = await connectRedis(redis.url);
    queue = await createQueueRunner({ client, waitMarginMs: 8_000 });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const w of workers.splice(0)) await w.close();
    await queue.close();
    client.destroy();
    await redis.close();
  });

  /** A worker in a child process (fixtures/hanging-worker.mjs) that takes a run and never ends it. */
  const startHangingWorker = async (name: string) => {
    const fixture = join(import.meta.dirname, 'fixtures/hanging-worker.mjs');
    const child = spawn(process.execPath, [fixture, redis.url, name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const state = { out: '' };
    child.stdout?.on('data', (chunk: Buffer) => {
      state.out += chunk.toString();
    });
    await waitFor(() => state.out.includes('ready'), `worker ${name}`);
    return { child, state };
  };

  /** A fake-runner worker whose 1 s lock and 0.5 s stalled check notice a dead worker soon. */
  const startQuickWorker = async (id: string) => {
    const fake = fakeRunner(id);
    workers.push(
      await startRunWorker({
        client,
        runner: fake.runner,
        id,
        lockDurationMs: 1_000,
        stalledIntervalMs: 500,
      }),
    );
    return fake;
  };

  it('says at once that no worker is alive', async () => {
    const started = Date.now();
    await expect(queue.run(input('s0').run)).rejects.toThrow(NO_WORKER);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('runs a job on a worker and streams its output back', async () => {
    const fake = fakeRunner('w1');
    workers.push(await startRunWorker({ client, runner: fake.runner, id: 'w1' }));
    const { run, output } = input('s1');
    const report = (await queue.run(run)) as unknown as { worker: string; files: object };
    expect(report).toEqual({ worker: 'w1', files: { 'chat.ts': '// s1' }, scope: 'visible' });
    expect(fake.state.started[0]?.timeoutMs).toBe(5_000);
    await waitFor(() => output.length > 0, 'output');
    expect(output).toEqual(['hello from w1\n']);
  });

  it('refuses a second run of the same session while one runs, and forwards a cancel', async () => {
    const fake = fakeRunner('w2');
    fake.state.hold = true;
    workers.push(await startRunWorker({ client, runner: fake.runner, id: 'w2', concurrency: 2 }));
    const abort = new AbortController();
    const first = input('s2', abort.signal);
    const pending = queue.run(first.run);
    await waitFor(() => fake.state.started.length === 1, 'the run to start');
    await expect(queue.run(input('s2').run)).rejects.toThrow(RUN_IN_PROGRESS);
    // Another session is not held up.
    const other = queue.run(input('s3').run);
    await waitFor(() => fake.state.started.length === 2, 'the other run to start');
    fake.state.release();
    await expect(other).resolves.toMatchObject({ worker: 'w2' });
    abort.abort();
    expect(await pending).toMatchObject({ worker: 'w2', stopped: true });
    // The lock is free again.
    fake.state.hold = false;
    await expect(queue.run(input('s2').run)).resolves.toMatchObject({ worker: 'w2' });
  });

  it('runs a job again on another worker when its worker is killed mid-run', async () => {
    const doomed = await startHangingWorker('doomed');
    const pending = queue.run(input('s4').run);
    await waitFor(() => doomed.state.out.includes('started s4'), 'the child to take the run');
    const fake = await startQuickWorker('survivor');
    doomed.child.kill('SIGKILL');
    const report = await pending;
    expect(report).toMatchObject({ worker: 'survivor', files: { 'chat.ts': '// s4' } });
    expect(fake.state.started).toHaveLength(1);
  });

  it('reports the run failed when its worker is killed a second time', async () => {
    const first = await startHangingWorker('doomed-1');
    const pending = queue.run(input('s5').run);
    pending.catch(() => {});
    await waitFor(() => first.state.out.includes('started s5'), 'the first worker to take it');
    const second = await startHangingWorker('doomed-2');
    first.child.kill('SIGKILL');
    await waitFor(() => second.state.out.includes('started s5'), 'the retry on the second worker');
    second.child.kill('SIGKILL');
    // A live worker's stalled-job check finds it stalled twice: failed, not run a third time.
    const fake = await startQuickWorker('checker');
    await expect(pending).rejects.toThrow(WORKER_DIED);
    expect(fake.state.started).toHaveLength(0);
  }, 30_000);
});
