import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import { type RunWorker, startRunWorker } from '../../src/room/cluster/run-worker.js';
import type { RunInput } from '../../src/room/live/runner.js';
import { fakeReport } from '../room/helpers.js';
import { createSession, type Instance, killInstance } from './instances.js';
import { useCluster } from './test-cluster.js';

// Three `kit serve --redis` processes and one Redis; the participants of one interview on three
// different instances.
describe('the room on three instances', () => {
  const cluster = useCluster({ instances: 3, persist: true });
  let client: RedisClient;
  const workers: RunWorker[] = [];

  beforeAll(async () => {
    client = await connectRedis(cluster.redis.url);
    // Two workers, as a deployment has; either may take a run.
    for (const id of ['worker-1', 'worker-2'])
      workers.push(
        await startRunWorker({
          client,
          id,
          runner: {
            async run(input: RunInput): Promise<GradeReport> {
              return fakeReport(input.scope);
            },
          },
        }),
      );
  }, 30_000);
  afterAll(async () => {
    for (const w of workers) await w.close();
    client.destroy();
  });

  it('shows edits, chat, rights and runs to everyone, keeps notes private, and survives kill -9 of the owner', async () => {
    const [a, b, c] = cluster.instances as [Instance, Instance, Instance];
    const session = await createSession(b.origin, 'Across instances');
    const interviewer = await cluster.connect(a.origin, session, 'interviewer');
    const candidate = await cluster.connect(b.origin, session, 'candidate');
    const observer = await cluster.connect(c.origin, session, 'observer');

    // An edit on b reaches a and c.
    const [file] = [...candidate.doc.share.keys()];
    candidate.doc.getText(file).insert(0, '// edited on b\n');
    for (const peer of [interviewer, observer])
      await peer.until(
        () => (peer.doc.getText(file).toString().startsWith('// edited on b') ? true : undefined),
        'the edit',
      );

    candidate.send({ type: 'chat', text: 'hello from b' });
    for (const peer of [interviewer, observer])
      expect((await peer.next('chat')).text).toBe('hello from b');

    interviewer.send({ type: 'note', text: 'private on a' });
    await interviewer.next('note');
    interviewer.send({ type: 'role.set', role: 'candidate', canEdit: false });
    expect((await candidate.next('role.changed')).rights.candidate).toBe(false);
    expect(candidate.all('note')).toEqual([]);
    expect(observer.all('note')).toEqual([]);

    interviewer.send({ type: 'run.request', scope: 'all' });
    const run = await interviewer.next('run.result');
    expect(run.error).toBeUndefined();
    expect(run.report?.total).toEqual(fakeReport('all').total);

    // The owner is a (the interviewer came first). Kill it like a crash.
    await killInstance(a);
    const back = await cluster.connect(c.origin, session, 'interviewer');
    expect(back.doc.getText(file).toString()).toContain('// edited on b');
    const welcome = back.all('welcome')[0];
    expect(welcome?.chat.map((m) => m.text)).toEqual(['hello from b']);
    expect(welcome?.notes.map((n) => n.text)).toEqual(['private on a']);
    expect(welcome?.rights.candidate).toBe(false);
    expect(welcome?.lastRun?.runId).toBe(run.runId);
  }, 90_000);

  it('carries on after Redis restarts (AOF on): edits flow, history keeps growing, new joins work', async () => {
    const [, b, c] = cluster.instances as [Instance, Instance, Instance];
    const session = await createSession(c.origin, 'Redis restart');
    const interviewer = await cluster.connect(b.origin, session, 'interviewer');
    const candidate = await cluster.connect(c.origin, session, 'candidate');
    await cluster.redis.kill();
    await cluster.redis.restart();
    const [file] = [...candidate.doc.share.keys()];
    candidate.doc.getText(file).insert(0, '// after the restart\n');
    await interviewer.until(
      () => (interviewer.doc.getText(file).toString().startsWith('// after') ? true : undefined),
      'the edit',
    );
    // The owner's copy to Redis went out once it reconnected: the stream holds the edit.
    const log = `kit:s:${session.id}:log`;
    const started = Date.now();
    for (;;) {
      const entries = await client.xRange(log, '-', '+');
      const codes = entries.filter((e) => (e.message.e ?? '').includes('"type":"code"'));
      if (codes.length >= 2) break;
      if (Date.now() - started > 10_000) throw new Error('the edit never reached the stream');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const observer = await cluster.connect(c.origin, session, 'observer');
    expect(observer.doc.getText(file).toString()).toContain('// after the restart');
  }, 60_000);
});
