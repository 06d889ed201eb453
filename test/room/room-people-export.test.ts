import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttempt, trustedAttemptFacts } from '../../src/attempt/attempt-file.js';
import { exportSession, SCORECARD_FILE } from '../../src/commands/export.js';
import { replaySession } from '../../src/commands/replay.js';
import { listSessions } from '../../src/commands/sessions.js';
import { readGuideOutline } from '../../src/room/level-briefing.js';
import { SessionStore } from '../../src/room/store/session-store.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await ctx?.stop();
  ctx = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A level1 session (real guide) with a hint, a manual score, a review and an added file. */
async function recordReviewedSession() {
  ctx = await startTestServer({ levelGuide: readGuideOutline });
  const interviewer = await ctx.connect('interviewer', 'Grace');
  const candidate = await ctx.connect('candidate', 'Ada');
  interviewer.send({ type: 'hint.give', index: 0 });
  await candidate.next('hint');
  candidate.send({ type: 'file.add', name: 'registry.ts' });
  await interviewer.next('files');
  candidate.insert('registry.ts', 0, 'export const clients = new Set();\n');
  await interviewer.waitForText('registry.ts', 'export const clients = new Set();\n');
  interviewer.send({ type: 'score.set', criterion: 'R11', points: 4, note: 'clear on the loop' });
  await interviewer.next('scores');
  interviewer.send({ type: 'session.end' });
  await interviewer.next('session.ended');
  interviewer.send({
    type: 'review.set',
    review: {
      tags: ['backend'],
      decision: 'yes',
      summary: 'Solid | careful.\nAsked good questions.',
    },
  });
  await interviewer.next('review');
  const { dataDir, session } = ctx;
  await ctx.server.close();
  return { dataDir, id: session.id };
}

describe('kit export and kit sessions with the room review', () => {
  it('carries scores, hints, files and the review into the attempt and its scorecard', async () => {
    const { dataDir, id } = await recordReviewedSession();
    const dir = mkdtempSync(join(tmpdir(), 'kit-export-people-'));
    dirs.push(dir);
    const result = await exportSession({ id, dir, data: dataDir, force: true });
    expect(Object.keys(result.sources)).toEqual(['server.ts', 'room.ts', 'registry.ts']);
    expect(readFileSync(join(dir, 'src', 'registry.ts'), 'utf8')).toBe(
      'export const clients = new Set();\n',
    );
    const attempt = await readAttempt(dir);
    expect(attempt.manual).toEqual({ R11: { points: 4, note: 'clear on the loop' } });
    expect(attempt.hints).toHaveLength(1);
    expect(attempt.hints[0]).toMatchObject({ milestone: 1, tier: 1 });
    // What `kit grade` reads: the hint counts as one `kit hint` would have given.
    expect(await trustedAttemptFacts(attempt)).toMatchObject({ hintsUsed: 1 });
    const card = readFileSync(join(dir, SCORECARD_FILE), 'utf8');
    expect(card).toContain('- Decision: **Yes**');
    expect(card).toContain('- Tags: backend');
    expect(card).toContain('Solid | careful.\nAsked good questions.');
    expect(card).toContain(
      '| R11 | Explains the event loop versus threads for I/O-bound work | 4 / 5 | clear on the loop |',
    );
    expect(card).toMatch(/## Hints given \(1\)\n\n- \d{4}-.* · 1\. .* · Nudge: /);
    expect(card).toContain('- src/registry.ts');
  });

  it('refuses to export a recording edited to name a file outside src/', async () => {
    const { dataDir, id } = await recordReviewedSession();
    const path = new SessionStore(dataDir).recordingPath(id);
    appendFileSync(
      path,
      `${JSON.stringify({ t: 99_999, type: 'files', files: ['../evil.ts'], by: 'x' })}\n`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'kit-export-people-'));
    dirs.push(dir);
    await expect(exportSession({ id, dir, data: dataDir, force: true })).rejects.toThrow(
      `Session "${id}" lists a file the room would refuse: "../evil.ts" contains "..": files stay inside src/. Nothing was exported.`,
    );
  });

  it('replays the files the room had and the hints given', async () => {
    const { dataDir, id } = await recordReviewedSession();
    const { final } = replaySession({ id, data: dataDir });
    expect(final).toContain('## registry.ts\nexport const clients = new Set();');
    expect(final).toMatch(/## hints given\n\d{4}-\S+ 1\. .* · Nudge: /);
  });

  it('lists the review and filters by tag and decision', async () => {
    const { dataDir, id } = await recordReviewedSession();
    const [listed] = listSessions({ data: dataDir });
    expect(listed).toMatchObject({ id, hints: 1, review: { tags: ['backend'], decision: 'yes' } });
    expect(listed?.files).toEqual(['server.ts', 'room.ts', 'registry.ts']);
    expect(listSessions({ data: dataDir, tag: 'Backend' })).toHaveLength(1);
    expect(listSessions({ data: dataDir, tag: 'frontend' })).toHaveLength(0);
    expect(listSessions({ data: dataDir, decision: 'strong yes' })).toHaveLength(0);
    expect(listSessions({ data: dataDir, decision: 'yes' })).toHaveLength(1);
    expect(() => listSessions({ data: dataDir, decision: 'maybe' })).toThrow(
      'Decision "maybe" is not one of strong-no, no, yes, strong-yes. Run `kit sessions --help`.',
    );
  });
});
