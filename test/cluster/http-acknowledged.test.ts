import { describe, expect, it } from 'vitest';
import { createSession, type Instance, SHARED_TOKEN } from './instances.js';
import { useCluster, useRedisAdmin } from './test-cluster.js';

// With --redis an HTTP answer acknowledges like an echo does: a session whose links were handed
// out, or whose end was confirmed, is in Redis by the time the answer arrives.
describe('HTTP answers wait for Redis', () => {
  const cluster = useCluster({ instances: 1 });
  const redis = useRedisAdmin(cluster);

  const post = (origin: string, path: string, body?: unknown) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SHARED_TOKEN}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // Redis's writes are paused for a while (Redis ends the pause itself): an answer that came
  // before Redis acknowledged would arrive at once, with Redis still lacking what it reports.
  const PAUSE_MS = '2000';

  it('answers a new session only once Redis holds it', async () => {
    const [a] = cluster.instances as [Instance];
    await redis.client.sendCommand(['CLIENT', 'PAUSE', PAUSE_MS, 'WRITE']);
    const res = await post(a.origin, '/api/sessions', { level: 'level1', title: 'held' });
    expect(res.status).toBe(201);
    const { id } = ((await res.json()) as { session: { id: string } }).session;
    // Answered means stored: Redis has the session and its recording's header already.
    expect(await redis.client.hGet('kit:sessions', id)).not.toBeNull();
    expect(await redis.client.get(`kit:s:${id}:head`)).not.toBeNull();
  }, 30_000);

  it('answers an end only once Redis holds it', async () => {
    const [a] = cluster.instances as [Instance];
    const session = await createSession(a.origin, 'ended while held');
    // Someone in the room: this instance owns the session, so the end needs no routing through
    // Redis, only the copy of the end.
    await cluster.connect(a.origin, session, 'interviewer');
    await redis.client.sendCommand(['CLIENT', 'PAUSE', PAUSE_MS, 'WRITE']);
    const res = await post(a.origin, `/api/sessions/${session.id}/end`);
    expect(res.status).toBe(200);
    const { endedAt } = ((await res.json()) as { session: { endedAt: string } }).session;
    expect(endedAt).toBeTruthy();
    const stored = JSON.parse((await redis.client.hGet('kit:sessions', session.id)) ?? '{}');
    expect(stored.endedAt).toBe(endedAt);
  }, 30_000);

  it('answers 503 not-stored when Redis does not acknowledge within 5 s', async () => {
    const [a] = cluster.instances as [Instance];
    await redis.client.sendCommand(['CLIENT', 'PAUSE', '20000', 'WRITE']);
    const res = await post(a.origin, '/api/sessions', { level: 'level1', title: 'never shared' });
    await redis.client.sendCommand(['CLIENT', 'UNPAUSE']);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not-stored');
    expect(body.error.message).toMatch(/Redis has not acknowledged it/);
  }, 30_000);
});
