import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelPaths } from '../../src/levels/level-registry.js';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import { createQueueRunner, type QueueRunner } from '../../src/room/cluster/run-queue.js';
import { countAliveWorkers } from '../../src/room/cluster/worker-registry.js';
import { readStarterFiles } from '../../src/room/starter-files.js';
import { kitBin, runKit } from '../support/run-kit.js';
import { startRedis, type TestRedis } from './redis-server.js';

// The real `kit worker` (dist/, as a user runs it) grading with the engine of `kit grade`.
describe('kit worker', () => {
  let redis: TestRedis;
  let client: RedisClient;
  let queue: QueueRunner;
  let worker: ChildProcess;
  let stdout = '';

  beforeAll(async () => {
    redis = await startRedis();
    client = await connectRedis(redis.url);
    queue = await createQueueRunner({ client });
    worker = spawn(process.execPath, [kitBin, 'worker', '--redis', redis.url], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    worker.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const started = Date.now();
    while ((await countAliveWorkers(client)) === 0) {
      if (Date.now() - started > 15_000) throw new Error(`worker did not start: ${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    worker.kill('SIGKILL');
    await queue.close();
    client.destroy();
    await redis.close();
  });

  it('says where it takes runs from and that they are jailed', () => {
    expect(stdout).toMatch(
      /^Worker \S+ takes runs from redis:\/\/127\.0\.0\.1:\d+ \(1 at once\)\./,
    );
    expect(stdout).toContain('Runs are sandboxed (bubblewrap');
  });

  it("grades a session's code sent as a job, with the engine of kit grade", async () => {
    const files = readStarterFiles('level1');
    const [name] = Object.keys(files);
    const solution = readFileSync(join(levelPaths('level1').solution, name ?? ''), 'utf8');
    const output: string[] = [];
    const report = await queue.run({
      sessionId: 'w1',
      levelId: 'level1',
      files: { ...files, [name ?? '']: solution },
      scope: 'visible',
      timeoutMs: 60_000,
      onOutput: (text) => output.push(text),
    });
    expect(report.schema).toBe('interview-kit/grade-report');
    expect(report.sandbox).toBe('bwrap');
    expect(report.level.id).toBe('level1');
    expect(report.total.possible).toBeGreaterThan(0);
    expect(report.total.earned).toBe(report.total.possible);
  }, 120_000);

  it('leaves the worker list when stopped with Ctrl-C', async () => {
    const second = spawn(process.execPath, [kitBin, 'worker', '--redis', redis.url]);
    let out = '';
    second.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    while (!out.includes('Ctrl-C')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await countAliveWorkers(client)).toBe(2);
    const exited = new Promise<number | null>((resolve) => second.once('exit', resolve));
    second.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await countAliveWorkers(client)).toBe(1);
  });

  it('refuses to run candidate code without a jail unless --unsafe-runs', async () => {
    const run = await runKit(['worker', '--redis', redis.url], { env: { KIT_SANDBOX: 'none' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('This machine has no sandbox for candidate code');
    expect(run.stderr).toContain('kit worker --unsafe-runs');
  });

  it('refuses a Redis that does not answer, naming it', async () => {
    const run = await runKit(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Cannot reach Redis at redis://127.0.0.1:1');
  });
});
