import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import { createRedisSession, RedisSessionLog } from '../../src/room/cluster/redis-session-log.js';
import type { LogEntry } from '../../src/room/cluster/session-log.js';
import { StreamFollower } from '../../src/room/cluster/stream-follower.js';
import { readRecordingText } from './recording-text.js';
import { startRedis, type TestRedis } from './redis-server.js';

const session = {
  id: 's1',
  level: 'level1',
  title: 'T',
  createdAt: '2026-01-01T00:00:00.000Z',
  files: ['chat.ts'],
};

/** Resolves once `entries` holds `count` entries (bounded wait). */
function until(entries: LogEntry[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (entries.length >= count) resolve();
      else if (Date.now() - started > 5_000) reject(new Error(`only ${entries.length}/${count}`));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

describe('RedisSessionLog', () => {
  let redis: TestRedis;
  const clients: RedisClient[] = [];
  const followers: StreamFollower[] = [];
  const client = async () => {
    const c = await connectRedis(redis.url);
    clients.push(c);
    return c;
  };
  const instance = async (name: string, id = session.id) => {
    const follower = new StreamFollower(await client());
    followers.push(follower);
    return new RedisSessionLog({ client: await client(), follower, sessionId: id, instance: name });
  };

  beforeAll(async () => {
    redis = await startRedis({ persist: true });
    await createRedisSession(await client(), session);
  });
  afterAll(async () => {
    for (const f of followers) await f.stop();
    for (const c of clients) if (c.isOpen) c.destroy();
    await redis.close();
  });

  it('gives two instances the same order of events, each exactly once', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const seenA: LogEntry[] = [];
    const seenB: LogEntry[] = [];
    const fa = a.follow('0', (e) => seenA.push(e));
    const fb = b.follow('0', (e) => seenB.push(e));
    const writes: Promise<LogEntry>[] = [];
    for (let i = 0; i < 50; i += 1) {
      writes.push(a.append({ type: 'chat', peer: 'p1', text: `a${i}` } as never));
      writes.push(b.append({ type: 'chat', peer: 'p2', text: `b${i}` } as never));
    }
    const written = await Promise.all(writes);
    await until(seenA, 100);
    await until(seenB, 100);
    expect(seenA.map((e) => e.id)).toEqual(seenB.map((e) => e.id));
    expect(new Set(seenA.map((e) => e.id)).size).toBe(100);
    // Each instance's own appends keep their order in the shared one.
    const texts = seenA.map((e) => (e.event as { text: string }).text);
    expect(texts.filter((t) => t.startsWith('a'))).toEqual([...Array(50)].map((_, i) => `a${i}`));
    expect(seenA.map((e) => e.id).sort()).toEqual(written.map((e) => e.id).sort());
    expect(seenA[0]?.origin).toMatch(/^[ab]:\d+$/);
    fa.stop();
    fb.stop();
  });

  it('loads from the last snapshot and follows from exactly where the load ended', async () => {
    const a = await instance('a', 's2');
    await createRedisSession(await client(), { ...session, id: 's2' });
    await a.append({ type: 'chat', peer: 'p1', text: 'before' } as never);
    await a.append({ type: 'snapshot', doc: '', state: {} } as never);
    await a.append({ type: 'chat', peer: 'p1', text: 'after1' } as never);
    const loaded = await a.load();
    expect(loaded.entries.map((e) => e.event.type)).toEqual(['snapshot', 'chat']);
    expect(loaded.header.session.id).toBe('s2');
    // Appended between the load and the follow: still delivered, once.
    await a.append({ type: 'chat', peer: 'p1', text: 'after2' } as never);
    const b = await instance('b', 's2');
    const seen: LogEntry[] = [];
    const f = b.follow(loaded.lastId, (e) => seen.push(e));
    await b.append({ type: 'chat', peer: 'p1', text: 'after3' } as never);
    await until(seen, 2);
    expect(seen.map((e) => (e.event as { text: string }).text)).toEqual(['after2', 'after3']);
    f.stop();
  });

  it('exports the history as a recording file the data dir can read', async () => {
    const log = await instance('a', 's2');
    const text = await log.exportRecording();
    const recording = readRecordingText(text);
    expect(recording.header.session.id).toBe('s2');
    expect(recording.events.map((e) => e.type)).toEqual([
      'chat',
      'snapshot',
      'chat',
      'chat',
      'chat',
    ]);
  });

  it('carries on after a Redis restart (with AOF), with no gap and no duplicate', async () => {
    await createRedisSession(await client(), { ...session, id: 's3' });
    const a = await instance('a', 's3');
    const seen: LogEntry[] = [];
    a.follow('0', (e) => seen.push(e));
    await a.append({ type: 'chat', peer: 'p1', text: 'one' } as never);
    await until(seen, 1);
    await redis.kill();
    await redis.restart();
    // node-redis reconnects by itself; the append waits in its queue meanwhile.
    await a.append({ type: 'chat', peer: 'p1', text: 'two' } as never);
    await until(seen, 2);
    expect(seen.map((e) => (e.event as { text: string }).text)).toEqual(['one', 'two']);
  });

  it('loses every session when a Redis without persistence restarts (documented)', async () => {
    const bare = await startRedis();
    try {
      const c = await connectRedis(bare.url);
      clients.push(c);
      await createRedisSession(c, { ...session, id: 's4' });
      const follower = new StreamFollower(await connectRedis(bare.url));
      followers.push(follower);
      const log = new RedisSessionLog({ client: c, follower, sessionId: 's4', instance: 'a' });
      await log.append({ type: 'chat', peer: 'p1', text: 'gone' } as never);
      await bare.kill();
      await bare.restart();
      await expect(log.load()).rejects.toThrow('No session "s4" in Redis');
    } finally {
      await bare.close();
    }
  });

  it('says which session is missing', async () => {
    const log = await instance('a', 'nope');
    await expect(log.load()).rejects.toThrow('No session "nope" in Redis');
  });
});
