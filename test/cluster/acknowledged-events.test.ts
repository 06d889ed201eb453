import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/room/cluster/redis-connect.js';
import { createSession, type Instance, killInstance } from './instances.js';
import { useCluster, useRedisAdmin } from './test-cluster.js';

// "Every event that was acknowledged is in the history": with --redis, what the room sends for a
// recorded event (the sender's echo too) goes out only once Redis stored that event.
describe('events shown only once Redis stored them', () => {
  const cluster = useCluster({ instances: 2, persist: true });
  const redis = useRedisAdmin(cluster);

  const streamEvents = async (id: string) =>
    (await redis.client.xRange(`kit:s:${id}:log`, '-', '+')).map((e) => e.message.e ?? '');

  it('holds a chat, its echo and an edit until Redis stored them, and they survive kill -9 of the owner', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(a.origin, 'Held until stored');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    const candidate = await cluster.connect(b.origin, session, 'candidate');
    const [file] = [...candidate.doc.share.keys()];

    await redis.client.sendCommand(['CLIENT', 'PAUSE', '20000', 'WRITE']);
    candidate.send({ type: 'chat', text: 'held until stored' });
    candidate.doc.getText(file).insert(0, '// held edit\n');
    // A second without an answer from Redis: the room says so, ahead of what it holds.
    const stalled = await interviewer.next('storage');
    expect(stalled.ok).toBe(false);
    expect((await candidate.next('storage')).ok).toBe(false);
    expect(interviewer.all('chat')).toEqual([]);
    expect(candidate.all('chat')).toEqual([]);
    expect(interviewer.doc.getText(file).toString()).not.toContain('// held edit');
    expect((await streamEvents(session.id)).some((e) => e.includes('held until stored'))).toBe(
      false,
    );
    // Meanwhile new changes are refused, as on a full disk: nothing looks sent that is not stored.
    interviewer.send({ type: 'chat', text: 'refused while stalled' });
    expect((await interviewer.next('error')).code).toBe('storage-paused');

    await redis.client.sendCommand(['CLIENT', 'UNPAUSE']);
    expect((await interviewer.next('chat')).text).toBe('held until stored');
    expect((await candidate.next('chat')).text).toBe('held until stored');
    expect((await interviewer.next('storage')).ok).toBe(true);
    await interviewer.until(
      () =>
        interviewer.doc.getText(file).toString().startsWith('// held edit') ? true : undefined,
      'the held edit',
    );
    // Seen means stored: kill the owner right away; the other instance has all of it.
    await killInstance(a);
    const events = await streamEvents(session.id);
    expect(events.some((e) => e.includes('held until stored'))).toBe(true);
    expect(events.some((e) => e.includes('refused while stalled'))).toBe(false);
    const back = await cluster.connect(b.origin, session, 'interviewer');
    expect(back.all('welcome')[0]?.chat.map((m) => m.text)).toEqual(['held until stored']);
    expect(back.doc.getText(file).toString()).toContain('// held edit');
  }, 60_000);

  it('closes the room at once when Redis dies with a chat unstored, and never shows that chat', async () => {
    const [, b] = cluster.instances as [Instance, Instance];
    const session = await createSession(b.origin, 'Redis dies');
    const interviewer = await cluster.connect(b.origin, session, 'interviewer');
    const candidate = await cluster.connect(b.origin, session, 'candidate');
    candidate.send({ type: 'chat', text: 'stored before' });
    await interviewer.next('chat');

    await redis.client.sendCommand(['CLIENT', 'PAUSE', '20000', 'WRITE']);
    candidate.send({ type: 'chat', text: 'never stored' });
    expect((await interviewer.next('storage')).ok).toBe(false);
    redis.client.destroy();
    await cluster.redis.kill();
    // The copy's connection dropped unanswered: the room closes without waiting for the lease.
    expect((await interviewer.waitClosed()).code).toBe(1012);
    expect((await candidate.waitClosed()).code).toBe(1012);
    expect(interviewer.all('chat').map((m) => m.text)).toEqual(['stored before']);
    expect(candidate.all('chat').map((m) => m.text)).toEqual(['stored before']);

    await cluster.redis.restart();
    redis.client = await connectRedis(cluster.redis.url);
    const back = await cluster.connect(b.origin, session, 'interviewer');
    expect(back.all('welcome')[0]?.chat.map((m) => m.text)).toEqual(['stored before']);
  }, 60_000);
});
