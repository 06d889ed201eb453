import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/room/store/recording.js';
import { runKit } from '../support/run-kit.js';
import { createSession, type Instance } from './instances.js';
import { useCluster } from './test-cluster.js';

// kit sessions / replay / export read a deployment's sessions straight from Redis.
describe('kit sessions, replay and export --redis', () => {
  const cluster = useCluster();
  let work: string;
  let id: string;

  beforeAll(async () => {
    const [instance] = cluster.instances as [Instance];
    work = mkdtempSync(join(tmpdir(), 'kit-redis-commands-'));
    const session = await createSession(instance.origin, 'From Redis');
    id = session.id;
    const candidate = await cluster.connect(instance.origin, session, 'candidate');
    candidate.send({ type: 'chat', text: 'kept in redis' });
    await candidate.next('chat');
    candidate.ws.close();
  }, 30_000);
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
  });

  it('lists the sessions of the deployment', async () => {
    const run = await runKit(['sessions', '--redis', cluster.redis.url, '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { id: string; title: string; chatMessages: number }[];
    expect(listed.map((s) => [s.id, s.title, s.chatMessages])).toEqual([[id, 'From Redis', 1]]);
  });

  it('archives them into a data dir in the recording format', async () => {
    const archive = join(work, 'archive');
    const run = await runKit(['sessions', '--redis', cluster.redis.url, '--data', archive]);
    expect(run.code).toBe(0);
    const recording = readRecording(join(archive, 'sessions', id, 'recording.ndjson'));
    expect(recording.header.session.id).toBe(id);
    expect(recording.events.filter((e) => e.type === 'chat')).toHaveLength(1);
    // The archive is a data dir: the plain commands read it.
    const plain = await runKit(['sessions', '--data', archive, '--json']);
    expect(JSON.parse(plain.stdout)).toHaveLength(1);
  });

  it('replays and exports a session from Redis', async () => {
    const replay = await runKit(['replay', id, '--redis', cluster.redis.url, '--final']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('kept in redis');
    const exported = await runKit([
      'export',
      id,
      '--redis',
      cluster.redis.url,
      '--dir',
      join(work, 'attempt'),
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`Exported session ${id}`);
  });

  it('names a session Redis does not have', async () => {
    const run = await runKit([
      'replay',
      '00000000-0000-4000-8000-000000000000',
      '--redis',
      cluster.redis.url,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No session "00000000-0000-4000-8000-000000000000" in Redis');
  });
});
