import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { guidePath } from '../../src/guides/load-guide.js';
import { parseGuide } from '../../src/guides/parse-guide.js';
import { levelPaths } from '../../src/levels/level-registry.js';
import { readGuideOutline, readLevelTask } from '../../src/room/level-briefing.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

const GUIDE = {
  phases: [
    { title: 'Warm-up', minutes: 5 },
    { title: 'Build it', minutes: 20 },
  ],
};

describe('welcome.task and welcome.guide', () => {
  it('sends the level README as the task to every role', async () => {
    ctx = await startTestServer({ levelTask: () => '# Broadcast\n\n<b>plain</b> text' });
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      const client = await ctx.connect(role);
      expect(client.all('welcome')[0]?.task).toBe('# Broadcast\n\n<b>plain</b> text');
    }
  });

  it('reads the task from levels/<id>/README.md by default', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const readme = readFileSync(levelPaths('level1').readme, 'utf8');
    expect(candidate.all('welcome')[0]?.task).toBe(readme);
    expect(readLevelTask('level1')).toBe(readme);
  });

  it('sends the guide phases to interviewers only, never to candidate or observer', async () => {
    ctx = await startTestServer({ levelGuide: () => GUIDE });
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    const observer = await ctx.connect('observer');
    expect(interviewer.all('welcome')[0]?.guide).toEqual(GUIDE);
    for (const client of [candidate, observer]) {
      const welcome = client.all('welcome')[0];
      expect(welcome && 'guide' in welcome).toBe(false);
      expect(JSON.stringify(client.messages)).not.toContain('Warm-up');
    }
  });

  it('parses the phases of guides/<id>.md, ranges at their upper bound', () => {
    const outline = readGuideOutline('level1');
    expect(outline.phases.length).toBeGreaterThan(0);
    for (const phase of outline.phases) {
      expect(phase.title).not.toMatch(/^Phase \d|\(\d/);
      expect(phase.minutes).toBeGreaterThan(0);
    }
    const parsed = parseGuide(readFileSync(guidePath('level1'), 'utf8')).phases;
    expect(outline.phases).toEqual(parsed.map((p) => ({ title: p.name, minutes: p.maxMinutes })));
  });
});

describe('the interview clock (startedAt)', () => {
  it('starts when the first candidate joins and is the same for every interviewer connection', async () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    ctx = await startTestServer({ now: () => now });
    const interviewer = await ctx.connect('interviewer');
    expect(interviewer.all('welcome')[0]?.startedAt).toBeNull();
    now += 60_000;
    const candidate = await ctx.connect('candidate', 'Ada');
    const startedAt = '2025-01-01T10:01:00.000Z';
    expect(candidate.all('welcome')[0]?.startedAt).toBe(startedAt);
    expect(await interviewer.next('presence')).toMatchObject({ event: 'join', startedAt });
    now += 60_000;
    await candidate.close();
    const candidateAgain = await ctx.connect('candidate', 'Ada');
    expect(candidateAgain.all('welcome')[0]?.startedAt).toBe(startedAt);
    const second = await ctx.connect('interviewer', 'Second browser');
    expect(second.all('welcome')[0]?.startedAt).toBe(startedAt);
    expect(ctx.server.store.get(ctx.session.id).activity?.startedAt).toBe(startedAt);
  });

  it('keeps the start across a server restart', async () => {
    let now = Date.parse('2025-01-01T10:00:00Z');
    ctx = await startTestServer({ now: () => now });
    const candidate = await ctx.connect('candidate');
    await candidate.close();
    const { dataDir, session } = ctx;
    await ctx.server.close();
    now += 3_600_000;
    ctx = await startTestServer({ dataDir, now: () => now });
    const back = await ctx.connect('interviewer', undefined, session);
    expect(back.all('welcome')[0]?.startedAt).toBe('2025-01-01T10:00:00.000Z');
  });
});
