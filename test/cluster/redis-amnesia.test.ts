import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import { createSession, type Instance, killInstance } from './instances.js';
import { useCluster } from './test-cluster.js';

// A Redis without persistence restarts empty: the owner of an open room writes it back, so a
// later kill -9 of that owner still loses nothing.
describe('a Redis without persistence restarting under two instances', () => {
  const cluster = useCluster({ instances: 2 });

  it('has the open room written back, so the other instance can take it over', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(a.origin, 'Amnesia');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    const candidate = await cluster.connect(b.origin, session, 'candidate');
    candidate.send({ type: 'chat', text: 'before the restart' });
    await interviewer.next('chat');
    await cluster.redis.kill();
    await cluster.redis.restart();
    candidate.send({ type: 'chat', text: 'after the restart' });
    await interviewer.next('chat');
    // The owner (a) renews its lease every 1.7 s: it finds it gone and writes the session back.
    const client = await connectRedis(cluster.redis.url);
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
    const back = await cluster.connect(b.origin, session, 'interviewer');
    const welcome = back.all('welcome')[0];
    expect(welcome?.chat.map((m) => m.text)).toEqual(['before the restart', 'after the restart']);
  }, 60_000);
});
