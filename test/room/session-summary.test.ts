import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/room/protocol/protocol.js';
import { api, startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

async function listed(id: string): Promise<SessionSummary | undefined> {
  const res = await api(ctx.server, 'GET', '/api/sessions');
  return ((res.body?.sessions ?? []) as SessionSummary[]).find((s) => s.id === id);
}

describe('session summaries', () => {
  it('list participants, duration and the last score, kept as events happen', async () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    ctx = await startTestServer({ now: () => now });
    const id = ctx.session.id;
    expect(await listed(id)).toMatchObject({ participants: [], durationMs: 0, lastScore: null });
    const interviewer = await ctx.connect('interviewer', 'Grace');
    now += 60_000;
    const candidate = await ctx.connect('candidate', 'Ada');
    await ctx.connect('observer', 'Olive');
    now += 120_000;
    // While someone is in the room the duration runs up to now.
    expect((await listed(id))?.durationMs).toBe(180_000);
    interviewer.send({ type: 'run.request', scope: 'all' });
    await interviewer.next('run.result');
    now += 60_000;
    await candidate.close();
    await interviewer.next('presence');
    interviewer.send({ type: 'session.end' });
    await interviewer.next('session.ended');
    now += 3_600_000; // time after the end does not count
    expect(await listed(id)).toMatchObject({
      status: 'ended',
      participants: [
        { name: 'Grace', role: 'interviewer' },
        { name: 'Ada', role: 'candidate' },
        { name: 'Olive', role: 'observer' },
      ],
      durationMs: 240_000,
      lastScore: { earned: 0, possible: 2, percent: 0, scope: 'all' },
    });
    const stored = JSON.parse(
      readFileSync(join(ctx.dataDir, 'sessions', id, 'session.json'), 'utf8'),
    ) as { activity: unknown };
    expect(stored.activity).toMatchObject({ firstJoinAt: '2025-01-01T10:00:00.000Z' });
  });

  it('counts each participant once per name and role across reconnects', async () => {
    ctx = await startTestServer();
    const first = await ctx.connect('candidate', 'Ada');
    await first.close();
    await ctx.connect('candidate', 'Ada');
    const { body } = await api(ctx.server, 'GET', `/api/sessions/${ctx.session.id}`);
    expect((body?.session as SessionSummary | undefined)?.participants).toEqual([
      { name: 'Ada', role: 'candidate' },
    ]);
  });

  it('rebuilds the summary of an older session from its recording once', async () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    ctx = await startTestServer({ now: () => now });
    const interviewer = await ctx.connect('interviewer', 'Grace');
    await ctx.connect('candidate', 'Ada');
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.result');
    now += 300_000;
    interviewer.send({ type: 'session.end' });
    await interviewer.next('session.ended');
    const { dataDir, session } = ctx;
    await ctx.server.close();
    // As a session recorded before session.json kept its activity.
    const path = join(dataDir, 'sessions', session.id, 'session.json');
    const { activity: _dropped, ...old } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify(old));
    ctx = await startTestServer({ dataDir, now: () => now });
    expect(await listed(session.id)).toMatchObject({
      participants: [
        { name: 'Grace', role: 'interviewer' },
        { name: 'Ada', role: 'candidate' },
      ],
      durationMs: 300_000,
      lastScore: { earned: 0, possible: 2, scope: 'all' },
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).activity).toBeDefined();
  });
});
