import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import { createSession, type Instance } from './instances.js';
import { useCluster } from './test-cluster.js';

// Redis gone for longer than a lease: an owner cannot know whether another instance took its
// sessions over, so it closes its rooms; once Redis is back the session opens again.
describe('a Redis outage longer than a lease', () => {
  const cluster = useCluster({ persist: true });

  it('closes the rooms of the cut-off owner, and they open again when Redis is back', async () => {
    const [instance] = cluster.instances as [Instance];
    const session = await createSession(instance.origin, 'Outage');
    const interviewer = await cluster.connect(instance.origin, session, 'interviewer');
    interviewer.send({ type: 'chat', text: 'before the outage' });
    await interviewer.next('chat');
    // Its echo came once Redis stored it (docs/cluster.md, "Acknowledged means stored").
    const client = await connectRedis(cluster.redis.url);
    try {
      const log = await client.xRange(`kit:s:${session.id}:log`, '-', '+');
      expect(log.some((e) => e.message.e?.includes('before the outage'))).toBe(true);
    } finally {
      client.destroy();
    }
    await cluster.redis.kill();
    interviewer.waitMs = 15_000;
    await interviewer.until(() => interviewer.closed ?? undefined, 'the room to close');
    expect(interviewer.closed?.code).toBe(1012);
    await cluster.redis.restart();
    const back = await cluster.connect(instance.origin, session, 'interviewer');
    expect(back.all('welcome')[0]?.chat.map((m) => m.text)).toEqual(['before the outage']);
  }, 60_000);
});
