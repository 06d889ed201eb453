import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeResult, serve } from '../../src/commands/serve.js';
import { readServerToken } from '../../src/commands/server-token.js';
import type { GradeReport } from '../../src/grading/types.js';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import { type RunWorker, startRunWorker } from '../../src/room/cluster/run-worker.js';
import { NO_WORKER } from '../../src/room/cluster/worker-registry.js';
import type { RunInput } from '../../src/room/live/runner.js';
import { fakeReport, STARTER, TestClient } from '../room/helpers.js';
import { startRedis, type TestRedis } from './redis-server.js';

describe('kit serve --redis', () => {
  let redis: TestRedis;
  let client: RedisClient;
  let result: ServeResult;
  let dataDir: string;
  const token = 'a'.repeat(12) + 'B'.repeat(12) + '-_42';

  beforeAll(async () => {
    redis = await startRedis();
    client = await connectRedis(redis.url);
    dataDir = mkdtempSync(join(tmpdir(), 'kit-serve-redis-'));
    const tokenFile = join(dataDir, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    result = await serve({
      data: join(dataDir, 'sessions'),
      redis: redis.url,
      tokenFile,
      server: { heartbeatMs: 0, starterFiles: () => ({ ...STARTER }), log: () => {} },
    });
  });
  afterAll(async () => {
    await result.close();
    client.destroy();
    await redis.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses the shared token and says runs go to workers', () => {
    expect(result.server.token).toBe(token);
    expect(result.workers).toBe(redis.url);
  });

  it('answers a run with no worker alive, then runs it on a worker and shows its result', async () => {
    const session = result.server.createSession('level1', 'Queued');
    const interviewer = await TestClient.connect(
      result.origin,
      session.id,
      session.tokens.interviewer,
    );
    interviewer.send({ type: 'run.request', scope: 'all' });
    const refused = await interviewer.next('run.result');
    expect(refused.error).toBe(NO_WORKER);

    const seen: RunInput[] = [];
    const worker: RunWorker = await startRunWorker({
      client,
      id: 'w',
      runner: {
        async run(input: RunInput): Promise<GradeReport> {
          seen.push(input);
          input.onOutput('printed by the candidate\n');
          return fakeReport(input.scope);
        },
      },
    });
    try {
      interviewer.send({ type: 'run.request', scope: 'all' });
      const done = await interviewer.next('run.result');
      expect(done.error).toBeUndefined();
      expect(done.report?.total).toEqual(fakeReport('all').total);
      expect(seen[0]).toMatchObject({ sessionId: session.id, levelId: 'level1', scope: 'all' });
      expect(seen[0]?.files).toEqual(STARTER);
    } finally {
      await worker.close();
      interviewer.ws.close();
    }
  });
});

describe('kit serve --redis --advertise', () => {
  it('tells the other instances the address given, and refuses one with a path', async () => {
    const redis = await startRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'kit-advertise-'));
    const client = await connectRedis(redis.url);
    try {
      const result = await serve({
        data: dataDir,
        redis: redis.url,
        advertise: 'http://10.1.2.3:8080',
        server: { heartbeatMs: 0, log: () => {} },
      });
      expect(Object.values(await client.hGetAll('kit:instances'))).toEqual([
        'http://10.1.2.3:8080',
      ]);
      await result.close();
      await expect(
        serve({ data: dataDir, redis: redis.url, advertise: 'http://x/y' }),
      ).rejects.toThrow('--advertise "http://x/y" must be a URL');
    } finally {
      client.destroy();
      await redis.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('readServerToken', () => {
  it('takes the file first, then KIT_SERVER_TOKEN, and refuses a short one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-token-'));
    try {
      const file = join(dir, 't');
      writeFileSync(file, 'x'.repeat(30));
      expect(readServerToken(file, { KIT_SERVER_TOKEN: 'y'.repeat(30) })).toBe('x'.repeat(30));
      expect(readServerToken(undefined, { KIT_SERVER_TOKEN: 'y'.repeat(30) })).toBe('y'.repeat(30));
      expect(readServerToken(undefined, {})).toBeUndefined();
      expect(() => readServerToken(undefined, { KIT_SERVER_TOKEN: 'short' })).toThrow(
        'must be 24 or more',
      );
      expect(() => readServerToken(join(dir, 'none'), {})).toThrow('Cannot read the token file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
