import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import type { TestClient } from '../room/helpers.js';
import {
  connectRetrying,
  createSession,
  type Instance,
  killInstance,
  startInstance,
  stopInstance,
} from './instances.js';
import { startRedis, type TestRedis } from './redis-server.js';

// A Redis without persistence restarts empty: the owner of an open room writes it back, so a
// later kill -9 of that owner still loses nothing.
describe('a Redis without persistence restarting under two instances', () => {
  let redis: TestRedis;
  let instances: Instance[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    instances = await Promise.all([1, 2].map(() => startInstance(redis.url)));
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.ws.close();
    for (const i of instances) await stopInstance(i);
    await redis.close();
  });

  it('has the open room written back, so the other instance can take it over', async () => {
    const [a, b] = instances as [Instance, Instance];
    const session = await createSession(a.origin, 'Amnesia');
    const interviewer = await connectRetrying(
      a.origin,
      session.id,
      session.tokens.interviewer,
      'Ivy',
    );
    const candidate = await connectRetrying(b.origin, session.id, session.tokens.candidate, 'Cam');
    clients.push(interviewer, candidate);
    candidate.send({ type: 'chat', text: 'before the restart' });
    await interviewer.next('chat');
    await redis.kill();
    await redis.restart();
    candidate.send({ type: 'chat', text: 'after the restart' });
    await interviewer.next('chat');
    // The owner (a) renews its lease every 1.7 s: it finds it gone and writes the session back.
    const client = await connectRedis(redis.url);
    const started = Date.now();
    try {
      while ((await client.xLen(`kit:s:${session.id}:log`)) < 4) {
        if (Date.now() - started > 10_000)
          throw new Error('the owner never wrote the session back');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      client.destroy();
    }
    await killInstance(a);
    const back = await connectRetrying(b.origin, session.id, session.tokens.interviewer, 'Ivy');
    clients.push(back);
    const welcome = back.all('welcome')[0];
    expect(welcome?.chat.map((m) => m.text)).toEqual(['before the restart', 'after the restart']);
  }, 60_000);
});
