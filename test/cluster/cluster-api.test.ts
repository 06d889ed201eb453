import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import { CLOSE } from '../../src/room/protocol/protocol.js';
import { createSession, type Instance, SHARED_TOKEN } from './instances.js';
import { useCluster } from './test-cluster.js';

const post = (origin: string, path: string) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SHARED_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'candidate' }),
  });

// Ending a session or rotating a link through an instance that does not hold the room reaches
// the room on its owner.
describe('the API on an instance that does not own the room', () => {
  const cluster = useCluster({ instances: 2 });

  it('rotates a link and ends the session on the owner', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(a.origin, 'API');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    const candidate = await cluster.connect(b.origin, session, 'candidate');

    const rotated = await post(b.origin, `/api/sessions/${session.id}/rotate`);
    expect(rotated.status).toBe(200);
    await candidate.until(() => candidate.closed ?? undefined, 'the candidate to be cut');
    expect(candidate.closed?.code).toBe(CLOSE.revoked);

    const ended = await post(b.origin, `/api/sessions/${session.id}/end`);
    expect(ended.status).toBe(200);
    const message = await interviewer.next('session.ended');
    expect(message.rights).toEqual({ interviewer: false, candidate: false });
  }, 30_000);

  it('closes its room at once when another instance took the session over', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(a.origin, 'Moved');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    interviewer.send({ type: 'chat', text: 'said on a' });
    await interviewer.next('chat');
    // As if a could not renew in time and another instance won the lease meanwhile.
    const client = await connectRedis(cluster.redis.url);
    try {
      await client.set(`kit:s:${session.id}:owner`, 'another-instance', { PX: 2_000 });
    } finally {
      client.destroy();
    }
    await interviewer.until(() => interviewer.closed ?? undefined, 'the room on a to close');
    expect(interviewer.closed?.code).toBe(1012);
    // Once that lease runs out, the session opens again with its history.
    const back = await cluster.connect(b.origin, session, 'interviewer');
    expect(back.all('welcome')[0]?.chat.map((m) => m.text)).toEqual(['said on a']);
  }, 30_000);
});
