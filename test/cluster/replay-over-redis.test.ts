import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, type Instance, SHARED_TOKEN } from './instances.js';
import { useCluster } from './test-cluster.js';

// The replay page reads GET /api/sessions/<id>/recording: with --redis any instance answers it from
// the session's Redis stream, the same text the owner's data dir holds.
describe('the replay over Redis', () => {
  const cluster = useCluster({ instances: 2 });

  it('serves the replay from Redis on an instance that never held the session', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(a.origin, 'Replay over Redis');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    const [file] = [...interviewer.doc.share.keys()];
    interviewer.doc.getText(file).insert(0, '// recorded on a\n');
    interviewer.send({ type: 'chat', text: 'said on a' });
    // The echo comes after Redis stored the chat and every line before it.
    await interviewer.next('chat');
    const onDisk = readFileSync(
      join(a.dataDir, 'data', 'sessions', session.id, 'recording.ndjson'),
      'utf8',
    );
    expect(onDisk).toContain('said on a');
    const res = await fetch(`${b.origin}/api/sessions/${session.id}/recording`, {
      headers: { Authorization: `Bearer ${SHARED_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    // b's own copy is the one it made when the session was created: only Redis has the chat.
    const local = readFileSync(
      join(b.dataDir, 'data', 'sessions', session.id, 'recording.ndjson'),
      'utf8',
    );
    expect(local).not.toContain('said on a');
    expect(await res.text()).toBe(onDisk);
  }, 60_000);
});
