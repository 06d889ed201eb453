import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { loadRubric } from '../../src/levels/load-level.js';
import { kitRoot } from '../../src/paths.js';
import { createEngineRunner } from '../../src/room/live/runner.js';
import { readRecording } from '../../src/room/store/recording.js';
import { describeRun } from '../../src/room/store/replay-render.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { fakeReport, STARTER, startTestServer, type TestClient } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => ctx?.stop());

/** Every text frame a socket receives from now on, as the bytes came (before any parsing). */
function rawFrames(client: TestClient): string[] {
  const frames: string[] = [];
  client.ws.on('message', (data, isBinary) => {
    if (!isBinary) frames.push(String(data));
  });
  return frames;
}

/** Absolute paths of the server that no participant should ever read. */
const SERVER_PATHS = [kitRoot, tmpdir(), '/attempt/', '/run/kit', 'file://'];

function expectNoServerPath(text: string): void {
  for (const path of SERVER_PATHS) expect(text).not.toContain(path);
}

/** fakeReport with server paths in its errors and problems, one of them under a hostile name. */
function reportWithPaths(scope: 'all' | 'visible'): GradeReport {
  const report = fakeReport(scope);
  const hostile = "we$&ird $' (1)[x]*.ts";
  const test = report.criteria[0]?.tests[0];
  if (test) {
    test.errors = [
      `Not implemented\n  at start (/attempt/kit-room-run-Ab12Cd/server.ts:3:7)\n  at ${kitRoot}/node_modules/vitest/dist/index.js:1:1`,
      `Cannot find module '${tmpdir()}/kit-room-run-Zz9Yx8/${hostile}' imported from file:///attempt/kit-room-run-Ab12Cd/room.ts`,
    ];
  }
  report.problems.push({
    kind: 'crash',
    message: `ended early (exit code 1)\n${tmpdir()}/kit-run-Qq1Ww2/run/config.json: ENOENT`,
  });
  report.attempt.dir = `${tmpdir()}/kit-room-run-Ab12Cd`;
  return report;
}

describe('what each role receives of a run', () => {
  it('shows paths relative to the attempt, a hostile file name kept as it was', async () => {
    ctx = await startTestServer({ runner: { run: async (input) => reportWithPaths(input.scope) } });
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    const frames = { interviewer: rawFrames(interviewer), candidate: rawFrames(candidate) };
    candidate.send({ type: 'run.request' });
    const full = await interviewer.next('run.result');
    await candidate.next('run.result');
    expect(full.report?.criteria[0]?.tests[0]?.errors).toEqual([
      'Not implemented\n  at start (server.ts:3:7)\n  at node_modules/vitest/dist/index.js:1:1',
      "Cannot find module 'we$&ird $' (1)[x]*.ts' imported from room.ts",
    ]);
    expect(full.report?.attempt.dir).toBe('.');
    expect(full.report?.problems.at(-1)?.message).toBe(
      'ended early (exit code 1)\nconfig.json: ENOENT',
    );
    for (const text of [...frames.interviewer, ...frames.candidate]) expectNoServerPath(text);
    // The recording holds the same relative paths.
    const recorded = JSON.stringify(readRecording(ctx.server.store.recordingPath(ctx.session.id)));
    expectNoServerPath(recorded);
  });

  it("withholds the interviewer's grade from the candidate until it is shared", async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    const observer = await ctx.connect('observer');
    const raw = rawFrames(candidate);
    interviewer.send({ type: 'run.request', scope: 'all' });
    expect(await candidate.next('run.result')).toEqual({
      type: 'run.result',
      runId: 1,
      scope: 'all',
      by: expect.objectContaining({ role: 'interviewer' }),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      withheld: true,
    });
    expect((await observer.next('run.result')).report?.total.possible).toBe(2);
    expect((await interviewer.next('run.result')).report?.criteria[0]?.title).toBe('relays');
    const before = raw.join('\n');
    for (const secret of ['relays', 'total', 'earned', 'secret', 'private', 'graders/'])
      expect(before).not.toContain(secret);

    // Only the interviewer shares, and only the last run.
    candidate.send({ type: 'run.share', runId: 1 });
    expect((await candidate.next('error')).code).toBe('forbidden');
    interviewer.send({ type: 'run.share', runId: 2 });
    expect((await interviewer.next('error')).code).toBe('no-such-run');
    interviewer.send({ type: 'run.share', runId: 1 });
    const shared = (await candidate.next('run.shared')).run;
    expect(shared.shared?.by.role).toBe('interviewer');
    expect(shared.report?.total).toMatchObject({ earned: 0, possible: 2 });
    expect(shared.report?.criteria[0]?.title).toBe('relays');
    // Shared as an observer sees it: hidden tests' names, notes and the output stay out.
    expect(JSON.stringify(shared)).not.toMatch(/secret|private/);
    expect((await interviewer.next('run.shared')).run.report?.criteria[0]?.note).toBe('private');
    expect((await observer.next('run.shared')).run.shared).toBeDefined();

    // The share is recorded: a late join and a restarted server still show it.
    const events = readRecording(ctx.server.store.recordingPath(ctx.session.id)).events;
    expect(events.filter((e) => e.type === 'run.share')).toEqual([
      expect.objectContaining({ runId: 1, by: expect.objectContaining({ role: 'interviewer' }) }),
    ]);
    const late = await ctx.connect('candidate', 'Late');
    expect(late.all('welcome')[0]?.lastRun?.report?.total.possible).toBe(2);
    const recording = readRecording(ctx.server.store.recordingPath(ctx.session.id));
    const replayed = snapshotOf(recording.header, recording.events).runs.at(-1);
    expect(replayed && describeRun(replayed)).toMatch(
      /^run 1 \(all\) by .*\(shared with the candidate\)$/,
    );
  });

  it('gives the candidate their own visible runs as tests, never the rubric', async () => {
    ctx = await startTestServer();
    ctx.runner.output = 'hello from the code\n';
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    const raw = rawFrames(candidate);
    candidate.send({ type: 'run.request' });
    const own = await candidate.next('run.result');
    expect(own.tests).toEqual({
      tests: [
        {
          name: 'visible one',
          file: 'graders/level1/visible.test.ts',
          state: 'failed',
          errors: ['visible one failed: expected 2'],
          durationMs: 1,
        },
      ],
      passed: 0,
      failed: 1,
      skipped: 0,
      problems: [],
      sandbox: 'bwrap',
    });
    expect(own.output).toEqual({ text: 'hello from the code\n', cut: false });
    expect((await interviewer.next('run.result')).report?.total.possible).toBe(2);
    const seen = raw.join('\n');
    for (const secret of ['relays', 'total', 'earned', 'points', 'private', 'secret'])
      expect(seen).not.toContain(secret);
  });
});

const level2Ready =
  existsSync(join(kitRoot, 'solutions/level2')) && existsSync(join(kitRoot, 'graders/level2'));

/** The reference solution of level2, file name to content. */
function level2Reference(): Record<string, string> {
  const dir = join(kitRoot, 'solutions/level2');
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')))
    files[name] = readFileSync(join(dir, name), 'utf8');
  return files;
}

describe('a real grade of level2 in the room', () => {
  it.skipIf(!level2Ready)(
    'reaches the candidate only when shared, and never with a server path',
    async () => {
      const reference = level2Reference();
      ctx = await startTestServer({
        runner: createEngineRunner(),
        starterFiles: (level) => (level === 'level2' ? reference : { ...STARTER }),
      });
      const session = ctx.server.createSession('level2', 'Level 2 reference');
      const interviewer = await ctx.connect('interviewer', 'Grace', session);
      const candidate = await ctx.connect('candidate', 'Ada', session);
      interviewer.waitMs = 80_000;
      candidate.waitMs = 80_000;
      const raw = rawFrames(candidate);
      const rubric = await loadRubric('level2');

      interviewer.send({ type: 'run.request', scope: 'all' });
      const full = (await interviewer.next('run.result', 'the full grade')).report;
      expect(full?.total.percent).toBeGreaterThan(0);
      expect(full?.criteria.some((c) => c.tests.some((t) => t.visibility === 'hidden'))).toBe(true);
      expect((await candidate.next('run.result')).withheld).toBe(true);
      const before = raw.join('\n');
      for (const c of rubric.criteria) expect(before).not.toContain(c.title);
      for (const word of ['"total"', '"earned"', '"points"', '"criteria"']) {
        expect(before).not.toContain(word);
      }
      expectNoServerPath(before);

      interviewer.send({ type: 'run.share', runId: 1 });
      const shared = (await candidate.next('run.shared')).run.report;
      expect(shared?.total).toEqual(full?.total);
      const hiddenNames = full?.criteria
        .flatMap((c) => c.tests)
        .filter((t) => t.visibility === 'hidden')
        .map((t) => t.name);
      const after = raw.join('\n');
      for (const name of hiddenNames ?? []) expect(after).not.toContain(name);
      expectNoServerPath(after);
    },
    90_000,
  );
});
