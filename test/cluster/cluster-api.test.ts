import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/room/protocol/protocol.js';
import type { TestClient } from '../room/helpers.js';
import {
  connectRetrying,
  createSession,
  type Instance,
  SHARED_TOKEN,
  startInstance,
  stopInstance,
} from './instances.js';
import { startRedis, type TestRedis } from './redis-server.js';

const post = (origin: string, path: string) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SHARED_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'candidate' }),
  });

// Ending a session or rotating a link through an instance that does not hold the room reaches
// the room on its owner.
describe('the API on an instance that does not own the room', () => {
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

  it('rotates a link and ends the session on the owner', async () => {
    const [a, b] = instances as [Instance, Instance];
    const session = await createSession(a.origin, 'API');
    const interviewer = await connectRetrying(
      a.origin,
      session.id,
      session.tokens.interviewer,
      'Ivy',
    );
    const candidate = await connectRetrying(b.origin, session.id, session.tokens.candidate, 'Cam');
    clients.push(interviewer, candidate);

    const rotated = await post(b.origin, `/api/sessions/${session.id}/rotate`);
    expect(rotated.status).toBe(200);
    await candidate.until(() => candidate.closed ?? undefined, 'the candidate to be cut');
    expect(candidate.closed?.code).toBe(CLOSE.revoked);

    const ended = await post(b.origin, `/api/sessions/${session.id}/end`);
    expect(ended.status).toBe(200);
    const message = await interviewer.next('session.ended');
    expect(message.rights).toEqual({ interviewer: false, candidate: false });
  }, 30_000);
});
