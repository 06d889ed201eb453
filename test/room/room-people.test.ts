import { afterEach, describe, expect, it } from 'vitest';
import { fileNameProblem } from '../../src/room/live/room-files.js';
import type { GuideOutline } from '../../src/room/protocol/protocol.js';
import { readRecording } from '../../src/room/store/recording.js';
import { restoreSnapshot } from '../../src/room/store/room-snapshot.js';
import { api, startTestServer, type TestClient } from './helpers.js';

const GUIDE: GuideOutline = {
  phases: [{ title: 'Build', minutes: 30 }],
  hints: [
    { milestone: 1, milestoneTitle: 'Relay', tier: 1, tierName: 'Nudge', text: 'NUDGE-ONE' },
    { milestone: 1, milestoneTitle: 'Relay', tier: 2, tierName: 'Stronger', text: 'STRONG-ONE' },
  ],
  manual: [{ id: 'R8', title: 'Explains trade-offs', points: 5 }],
};

let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await ctx?.stop();
  ctx = undefined;
});

/** Every text frame a client receives, as the raw string the server sent. */
function rawFrames(client: TestClient): string[] {
  const frames: string[] = [];
  client.ws.on('message', (data, isBinary) => {
    if (!isBinary) frames.push(String(data));
  });
  return frames;
}

describe('interviewer tools', () => {
  it('sends manual scores, decision, tags and summary to interviewers only', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    const observer = await ctx.connect('observer', 'Obi');
    const seenByCandidate = rawFrames(candidate);
    const seenByObserver = rawFrames(observer);
    interviewer.send({ type: 'score.set', criterion: 'R8', points: 4, note: 'SECRET-NOTE' });
    const scores = await interviewer.next('scores');
    expect(scores.scores).toEqual({ R8: { points: 4, note: 'SECRET-NOTE' } });
    interviewer.send({
      type: 'review.set',
      review: {
        tags: ['Backend', 'backend', ' async '],
        decision: 'strong-yes',
        summary: 'SECRET-SUMMARY',
      },
    });
    const review = await interviewer.next('review');
    expect(review.review).toEqual({
      tags: ['backend', 'async'],
      decision: 'strong-yes',
      summary: 'SECRET-SUMMARY',
    });
    // A chat after both, so every frame sent before it has arrived.
    interviewer.send({ type: 'chat', text: 'sentinel' });
    await candidate.next('chat');
    await observer.next('chat');
    for (const frames of [seenByCandidate, seenByObserver]) {
      const all = frames.join('\n');
      expect(all).toContain('sentinel');
      for (const secret of ['SECRET-NOTE', 'SECRET-SUMMARY', 'strong-yes', '"scores"', '"review"'])
        expect(all).not.toContain(secret);
    }
    // A later join: only the interviewer's welcome carries them.
    const late = await ctx.connect('candidate', 'Ada');
    const lateWelcome = late.all('welcome')[0];
    expect(lateWelcome).not.toHaveProperty('scores');
    expect(lateWelcome).not.toHaveProperty('review');
    expect(JSON.stringify(lateWelcome)).not.toContain('NUDGE-ONE');
    const again = await ctx.connect('interviewer', 'Ivy');
    const welcome = again.all('welcome')[0];
    expect(welcome?.scores).toEqual({ R8: { points: 4, note: 'SECRET-NOTE' } });
    expect(welcome?.review?.decision).toBe('strong-yes');
    expect(welcome?.guide?.hints).toHaveLength(2);
  });

  it('refuses tools to non-interviewers and scores out of range with exact messages', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    candidate.send({ type: 'score.set', criterion: 'R8', points: 5 });
    expect(await candidate.next('error')).toMatchObject({
      code: 'forbidden',
      message: 'Only the interviewer may send "score.set".',
    });
    candidate.send({ type: 'hint.give', index: 0 });
    expect((await candidate.next('error')).message).toBe(
      'Only the interviewer may send "hint.give".',
    );
    interviewer.send({ type: 'score.set', criterion: 'R8', points: 6 });
    expect((await interviewer.next('error')).message).toBe('R8 takes a number from 0 to 5, got 6.');
    interviewer.send({ type: 'score.set', criterion: 'R1', points: 1 });
    expect((await interviewer.next('error')).message).toBe(
      '"R1" is not a manual criterion; they are: R8.',
    );
    interviewer.send({ type: 'review.set', review: { tags: [], decision: 'maybe', summary: '' } });
    expect((await interviewer.next('error')).message).toBe(
      'A review\'s "decision" is one of strong-no, no, yes, strong-yes, or null.',
    );
  });

  it('gives a guide hint to everyone once, and records it with its time', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    interviewer.send({ type: 'hint.give', index: 1 });
    const hint = await candidate.next('hint');
    expect(hint).toMatchObject({ id: 1, milestone: 1, tier: 2, text: 'STRONG-ONE' });
    expect(Date.parse(hint.at)).not.toBeNaN();
    interviewer.send({ type: 'hint.give', index: 1 });
    expect((await interviewer.next('error')).message).toBe('Hint 1.2 was already given.');
    interviewer.send({ type: 'hint.give', index: 7 });
    expect((await interviewer.next('error')).message).toBe('There is no hint 7; hints are 0 to 1.');
    const { events } = readRecording(ctx.server.store.recordingPath(ctx.session.id));
    const recorded = events.filter((e) => e.type === 'hint');
    expect(recorded).toHaveLength(1);
    const late = await ctx.connect('candidate', 'Ada');
    expect(late.all('welcome')[0]?.hints.map((h) => h.text)).toEqual(['STRONG-ONE']);
    // A run grades with the hints given so far, as `kit grade` counts `kit hint`'s.
    candidate.send({ type: 'run.request' });
    await candidate.next('run.result');
    expect(ctx.runner.inputs.at(-1)?.hintsUsed).toBe(1);
  });

  it('lists the review in the API and keeps it after the end', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    interviewer.send({ type: 'session.end' });
    await interviewer.next('session.ended');
    interviewer.send({
      type: 'review.set',
      review: { tags: ['go'], decision: 'no', summary: 'ok' },
    });
    await interviewer.next('review');
    const listed = await api(ctx.server, 'GET', '/api/sessions');
    const sessions = listed.body?.sessions as { review: unknown }[];
    expect(sessions[0]?.review).toEqual({ tags: ['go'], decision: 'no', summary: 'ok' });
    const server = ctx.server;
    const count = async (query: string) => {
      const listed = await api(server, 'GET', `/api/sessions?${query}`);
      return (listed.body?.sessions as unknown[] | undefined)?.length;
    };
    expect(await count('tag=GO&decision=no')).toBe(1);
    expect(await count('tag=stop')).toBe(0);
    expect(await count('decision=yes')).toBe(0);
    const bad = await api(ctx.server, 'GET', '/api/sessions?decision=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body?.error).toEqual({
      code: 'KIT_BAD_OPTION',
      message:
        'Decision "maybe" is not one of strong-no, no, yes, strong-yes. Run `kit sessions --help`.',
    });
  });
});

describe('keeping the tools across a reload', () => {
  it('restores hints, scores, review and files from snapshots when the room is loaded again', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE, snapshotEveryBytes: 1 });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    interviewer.send({ type: 'hint.give', index: 0 });
    await interviewer.next('hint');
    interviewer.send({ type: 'score.set', criterion: 'R8', points: 2 });
    await interviewer.next('scores');
    interviewer.send({ type: 'review.set', review: { tags: ['x'], decision: 'no', summary: 's' } });
    await interviewer.next('review');
    interviewer.send({ type: 'file.add', name: 'extra.ts' });
    await interviewer.next('files');
    await interviewer.close();
    // Everyone left, so the room was freed: this join loads it from the last snapshot.
    const again = await ctx.connect('interviewer', 'Ivy');
    const welcome = again.all('welcome')[0];
    expect(welcome?.hints.map((h) => h.text)).toEqual(['NUDGE-ONE']);
    expect(welcome?.scores).toEqual({ R8: { points: 2 } });
    expect(welcome?.review).toEqual({ tags: ['x'], decision: 'no', summary: 's' });
    expect(welcome?.session.files).toEqual(['server.ts', 'room.ts', 'extra.ts']);
  });

  it('reads them back from a snapshot event', () => {
    const header = {
      schema: 'interview-kit/room-recording' as const,
      version: 2,
      session: {
        id: 'x',
        level: 'level1',
        title: 't',
        createdAt: new Date(0).toISOString(),
        files: ['a.ts'],
      },
    };
    const hint = {
      ...{ milestone: 1, milestoneTitle: 'Relay', tier: 1, tierName: 'Nudge', text: 'NUDGE-ONE' },
      id: 1,
      at: new Date(5).toISOString(),
      by: { id: 'p', name: 'Ivy' },
    };
    const snap = restoreSnapshot(
      header,
      {
        t: 10,
        type: 'snapshot',
        doc: 'AAA=',
        state: {
          chat: [],
          notes: [],
          rights: { interviewer: true, candidate: true },
          lastRun: null,
          pendingRun: null,
          endedAt: null,
          present: [],
          hints: [hint],
          scores: { R8: { points: 1 } },
          review: { tags: ['t'], decision: 'yes', summary: '' },
          files: ['a.ts', 'b.ts'],
        },
      },
      false,
    );
    expect(snap).toMatchObject({
      hints: [hint],
      scores: { R8: { points: 1 } },
      review: { decision: 'yes' },
      files: ['a.ts', 'b.ts'],
    });
  });
});

describe('files in the room', () => {
  it('refuses bad names with exact messages', () => {
    expect(fileNameProblem('')).toBe('A file needs a name, such as "queue.ts".');
    expect(fileNameProblem('../evil.ts')).toBe(
      '"../evil.ts" contains "..": files stay inside src/.',
    );
    expect(fileNameProblem('/etc/passwd.ts')).toBe(
      '"/etc/passwd.ts" is an absolute path; give a name inside src/, such as "queue.ts".',
    );
    expect(fileNameProblem('lib/queue.ts')).toBe(
      '"lib/queue.ts" names a folder; files sit directly in src/, such as "queue.ts".',
    );
    expect(fileNameProblem('queue.js')).toBe(
      '"queue.js" is not a TypeScript file: names end in ".ts".',
    );
    expect(fileNameProblem('a b.ts')).toBe(
      '"a b.ts" has characters a file name may not use: use letters, digits, "_", "-" and ".".',
    );
    expect(fileNameProblem(`${'x'.repeat(61)}.ts`)).toBe(
      'A file name has at most 60 characters; this one has 64.',
    );
    expect(fileNameProblem('ring-buffer.ts')).toBeNull();
  });

  it('adds, renames and deletes files; the run uses exactly the room files', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    candidate.send({ type: 'file.add', name: 'queue.ts' });
    expect((await interviewer.next('files')).files).toEqual(['server.ts', 'room.ts', 'queue.ts']);
    candidate.insert('queue.ts', 0, 'export const q = 1;\n');
    await interviewer.waitForText('queue.ts', 'export const q = 1;\n');
    candidate.send({ type: 'file.rename', name: 'queue.ts', to: 'ring.ts' });
    expect((await interviewer.next('files')).files).toEqual(['server.ts', 'room.ts', 'ring.ts']);
    await interviewer.waitForText('ring.ts', 'export const q = 1;\n');
    await candidate.waitForText('ring.ts', 'export const q = 1;\n');
    expect(interviewer.text('queue.ts')).toBe('');
    candidate.send({ type: 'file.add', name: 'tmp.ts' });
    await interviewer.next('files');
    candidate.send({ type: 'file.delete', name: 'tmp.ts' });
    expect((await interviewer.next('files')).files).toEqual(['server.ts', 'room.ts', 'ring.ts']);
    candidate.send({ type: 'file.delete', name: 'server.ts' });
    expect(await candidate.next('error')).toMatchObject({
      code: 'bad-file',
      message:
        '"server.ts" is one of the level\'s files, which the tests import: it cannot be deleted.',
    });
    candidate.send({ type: 'file.add', name: '../x.ts' });
    expect((await candidate.next('error')).message).toBe(
      '"../x.ts" contains "..": files stay inside src/.',
    );
    candidate.send({ type: 'file.rename', name: 'ring.ts', to: 'room.ts' });
    expect((await candidate.next('error')).message).toBe('"room.ts" already exists.');
    candidate.send({ type: 'run.request' });
    await candidate.next('run.result');
    expect(Object.keys(ctx.runner.inputs[0]?.files ?? {})).toEqual([
      'server.ts',
      'room.ts',
      'ring.ts',
    ]);
    expect(ctx.runner.inputs[0]?.files['ring.ts']).toBe('export const q = 1;\n');
    const late = await ctx.connect('observer', 'Obi');
    expect(late.all('welcome')[0]?.session.files).toEqual(['server.ts', 'room.ts', 'ring.ts']);
  });

  it('refuses file changes from someone without edit rights', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    interviewer.send({ type: 'role.set', role: 'candidate', canEdit: false });
    await candidate.next('role.changed');
    candidate.send({ type: 'file.add', name: 'queue.ts' });
    expect(await candidate.next('error')).toMatchObject({
      code: 'read-only',
      message: 'You may not edit the code, so you cannot change files.',
    });
  });

  it('caps the number of files', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate', 'Ada');
    for (let i = 0; i < 18; i += 1) {
      candidate.send({ type: 'file.add', name: `f${i}.ts` });
      await candidate.next('files');
    }
    candidate.send({ type: 'file.add', name: 'one-more.ts' });
    expect((await candidate.next('error')).message).toBe(
      'A room holds at most 20 files; delete one first.',
    );
  });
});

describe('where people are', () => {
  it('shows a dropped participant as reconnecting, then back, or gone after the grace', async () => {
    ctx = await startTestServer({ reconnectGraceMs: 60_000 });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    await interviewer.next('presence');
    candidate.ws.terminate();
    const left = await interviewer.next('presence');
    expect(left.event).toBe('leave');
    expect(left.away.map((a) => a.peer.name)).toEqual(['Ada']);
    expect(Date.parse(left.away[0]?.until ?? '') - Date.parse(left.away[0]?.since ?? '')).toBe(
      60_000,
    );
    const back = await ctx.connect('candidate', 'Ada');
    const joined = await interviewer.next('presence');
    expect(joined.event).toBe('join');
    expect(joined.away).toEqual([]);
    await back.close();
    // A clean close (the page was closed) is a leave, with no grace.
    const clean = await interviewer.next('presence');
    expect(clean).toMatchObject({ event: 'leave', away: [] });
  });

  it('says gone once the grace ends', async () => {
    ctx = await startTestServer({ reconnectGraceMs: 20 });
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    const candidate = await ctx.connect('candidate', 'Ada');
    await interviewer.next('presence');
    candidate.ws.terminate();
    expect((await interviewer.next('presence')).away).toHaveLength(1);
    const gone = await interviewer.next('presence');
    expect(gone).toMatchObject({ event: 'gone', away: [] });
    expect(gone.peer.name).toBe('Ada');
  });

  it('lists two people on the candidate link at once for the interviewer', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Ivy');
    await ctx.connect('candidate', 'Ada');
    await ctx.connect('candidate', 'Bob');
    const last = await interviewer.until(
      () => interviewer.all('presence').find((p) => p.peers.length === 3),
      'three peers',
    );
    expect(last.peers.filter((p) => p.role === 'candidate').map((p) => p.name)).toEqual([
      'Ada',
      'Bob',
    ]);
  });
});
