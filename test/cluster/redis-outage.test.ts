import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import type { TestClient } from '../room/helpers.js';
import {
  connectRetrying,
  createSession,
  type Instance,
  startInstance,
  stopInstance,
} from './instances.js';
import { startRedis, type TestRedis } from './redis-server.js';

// Redis gone for longer than a lease: an owner cannot know whether another instance took its
// sessions over, so it closes its rooms; once Redis is back the session opens again.
describe('a Redis outage longer than a lease', () => {
  let redis: TestRedis;
  let instance: Instance;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedis({ persist: true });
    instance = await startInstance(redis.url);
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.ws.close();
    await stopInstance(instance);
    await redis.close();
  });

  it('closes the rooms of the cut-off owner, and they open again when Redis is back', async () => {
    const session = await createSession(instance.origin, 'Outage');
    const interviewer = await connectRetrying(
      instance.origin,
      session.id,
      session.tokens.interviewer,
      'Ivy',
    );
    clients.push(interviewer);
    interviewer.send({ type: 'chat', text: 'before the outage' });
    await interviewer.next('chat');
    // The chat's copy reached Redis (the copy trails the room by a moment: docs/cluster.md).
    const client = await connectRedis(redis.url);
    try {
      const started = Date.now();
      const log = `kit:s:${session.id}:log`;
      while (!(await client.xRange(log, '-', '+')).some((e) => e.message.e?.includes('outage'))) {
        if (Date.now() - started > 5_000) throw new Error('the chat never reached Redis');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      client.destroy();
    }
    await redis.kill();
    interviewer.waitMs = 15_000;
    await interviewer.until(() => interviewer.closed ?? undefined, 'the room to close');
    expect(interviewer.closed?.code).toBe(1012);
    await redis.restart();
    const back = await connectRetrying(
      instance.origin,
      session.id,
      session.tokens.interviewer,
      'Ivy',
    );
    clients.push(back);
    expect(back.all('welcome')[0]?.chat.map((m) => m.text)).toEqual(['before the outage']);
  }, 60_000);
});
