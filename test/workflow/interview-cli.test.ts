import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rubric } from '../../graders/level2/rubric.js';
import { hintSequence } from '../../src/attempt/hints.js';
import type { GradeReport } from '../../src/grading/types.js';
import { parseGuide } from '../../src/guides/parse-guide.js';
import { phaseAt } from '../../src/guides/phase-clock.js';
import { kitRoot, runKit, tempDir } from '../support/run-kit.js';
import { hasScript, spawnKit } from './support/spawn-kit.js';

// A whole interview of level2 through the built CLI, as an interviewer and a candidate run it:
// the guide, hints, the clock, manual scoring by prompt and by flag, scorecards and comparison.

const made: string[] = [];
afterAll(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

async function startAttempt(name: string): Promise<string> {
  const root = await tempDir('workflow');
  made.push(root);
  const dir = join(root, name);
  const run = await runKit(['start', 'level2', '--dir', dir]);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

const readMeta = async (dir: string) =>
  JSON.parse(await readFile(join(dir, '.kit/attempt.json'), 'utf8'));

/** sha256 of every file of an attempt outside .kit/ and node_modules. */
async function hashFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const rel = relative(dir, path);
    if (!entry.isFile() || rel.startsWith('.kit') || rel.startsWith('node_modules')) continue;
    out[rel] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

const guide = async () => parseGuide(await readFile(join(kitRoot, 'guides/level2.md'), 'utf8'));
const manual = rubric.criteria.filter((c) => c.kind === 'manual');
const [first, second] = manual as [(typeof manual)[0], (typeof manual)[0]];

describe('kit guide', () => {
  it('lists the guides, the study guide included', async () => {
    const run = await runKit(['guide']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}level2 +Interviewer guide/m);
    expect(run.stdout).toMatch(/^ {2}study +Study guide/m);
  });

  it('renders a level guide as plain text with NO_COLOR, even when colour is forced', async () => {
    const run = await runKit(['guide', 'fanout'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(stripVTControlCharacters(run.stdout));
    for (const heading of ['Persona', 'Phases', 'Milestone hints', 'Rubric', 'Red flags']) {
      expect(run.stdout).toContain(`\n${heading}\n${'-'.repeat(heading.length)}\n`);
    }
    expect(run.stdout).not.toContain('| --- |');
  });

  it('colours it when colour is on', async () => {
    const run = await runKit(['guide', 'level2', '--section', 'rubric'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '' },
    });
    expect(run.stdout).not.toBe(stripVTControlCharacters(run.stdout));
    expect(stripVTControlCharacters(run.stdout)).toContain(first.id);
  });

  it('shows the study guide', async () => {
    const run = await runKit(['guide', 'study']);
    expect(run.code).toBe(0);
    for (const topic of [
      'Polling, long polling, SSE or WebSockets',
      'Typing indicators',
      'Security checklist',
    ]) {
      expect(run.stdout).toContain(topic);
    }
  });

  it('refuses an unknown guide or section with one line and the next command, exit 2', async () => {
    const level = await runKit(['guide', 'level9']);
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('Level "level9" not found');
    const section = await runKit(['guide', 'level2', '--section', 'nope']);
    expect(section.code).toBe(2);
    expect(section.stderr).toMatch(
      /^The level2 guide has no section matching "nope"; .* Run `kit guide level2`/,
    );
  });
});

describe('kit hint and kit status during the interview', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await startAttempt('ada');
  });

  it('gives nudge, then stronger, then the next milestone, logs each with its time, touches nothing else', async () => {
    const hints = hintSequence((await guide()).milestones);
    const before = await hashFiles(dir);
    const shown: string[] = [];
    for (let i = 0; i < hints.length; i++) {
      const run = await runKit(['hint', dir]);
      expect(run.code, run.stderr).toBe(0);
      shown.push(run.stdout);
    }
    expect(shown[0]).toMatch(new RegExp(`^Hint 1 of ${hints.length} · milestone 1: .* · Nudge`));
    expect(shown[1]).toMatch(/^Hint 2 of \d+ · milestone 1: .* · Stronger/);
    expect(shown[2]).toMatch(/^Hint 3 of \d+ · milestone 2: .* · Nudge/);
    expect(shown[0]).toContain(`each hint costs ${rubric.hintCost} points`);
    const meta = await readMeta(dir);
    expect(
      meta.hints.map((h: { milestone: number; tier: number }) => [h.milestone, h.tier]),
    ).toEqual(hints.map((h) => [h.milestone, h.tier]));
    for (const h of meta.hints) expect(new Date(h.at).toISOString()).toBe(h.at);
    expect(await hashFiles(dir)).toEqual(before);

    const done = await runKit(['hint', dir]);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`All ${hints.length} hints of level2 have been given.`);
    expect((await readMeta(dir)).hints).toHaveLength(hints.length);

    const list = await runKit(['hint', '--list'], { cwd: dir });
    expect(list.stdout).toMatch(new RegExp(`^${hints.length} of ${hints.length} hints given`));
    expect(list.stdout).toContain(hints[0]?.text.slice(0, 40));
  });

  it('puts the clock in the phase the guide says, against the level budget', async () => {
    const meta = await readMeta(dir);
    meta.startedAt = new Date(Date.now() - 20 * 60_000 - 5_000).toISOString();
    await writeFile(join(dir, '.kit/attempt.json'), JSON.stringify(meta));
    const { phases } = await guide();
    const at = phaseAt(phases, 20 * 60_000);
    const run = await runKit(['status', dir, '--no-tests']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Clock   20 min of 60 min · 40 min left');
    expect(run.stdout).toContain(
      `Phase   ${(at.index ?? 0) + 1} of ${phases.length}: ${at.phase?.name}`,
    );
    expect(run.stdout).toMatch(/Hints {3}\d+ of \d+ used/);
    expect(run.stdout).toContain('Tests   not run (--no-tests)');
  });

  it('runs the visible tests quietly and shows their state', async () => {
    const run = await runKit(['status'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Tests {3}0\/\d+ visible tests passing/);
    expect(run.stdout).not.toContain('FAIL');
  });
});

describe('kit grade: manual scores, scorecards', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await startAttempt('grace');
  });

  it('refuses a wrong --score with exit 2 naming the value, saving nothing', async () => {
    const over = await runKit([
      'grade',
      dir,
      '--score',
      `${first.id}=${first.points + 1}`,
      '--score',
      `${second.id}=1`,
    ]);
    expect(over.code).toBe(2);
    expect(over.stderr.trim()).toBe(
      `--score "${first.id}=${first.points + 1}": ${first.id} takes a number from 0 to ${first.points}, got "${first.points + 1}".`,
    );
    const auto = await runKit(['grade', dir, '--score', 'R1=1']);
    expect(auto.code).toBe(2);
    expect(auto.stderr).toContain('R1 is scored by tests, not by hand');
    expect((await readMeta(dir)).manual).toEqual({});
  });

  it('prompts for every manual criterion, asks again after wrong input, saves, and reports the same numbers in JSON and Markdown', async () => {
    const card = join(dir, '..', 'card.md');
    const answers = [`${first.points + 1}`, 'x', '2', 'weighs drop-oldest well', '1', ''];
    const run = await runKit(['grade', dir, '--interactive', '--json', '--markdown', card], {
      input: answers.map((a) => `${a}\n`).join(''),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `"${first.points + 1}" is not allowed: enter a number from 0 to ${first.points} (Enter skips).`,
    );
    expect(run.stderr).toContain(`"x" is not allowed: enter a number from 0 to ${first.points}`);
    expect(run.stderr).toContain(`Score for ${second.id} (0-${second.points}, Enter skips)`);
    expect((await readMeta(dir)).manual).toEqual({
      [first.id]: { points: 2, note: 'weighs drop-oldest well' },
      [second.id]: { points: 1 },
    });
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.criteria.find((c) => c.id === first.id)).toMatchObject({
      earned: 2,
      status: 'scored',
    });
    const md = await readFile(card, 'utf8');
    const { earned, possible, percent } = report.total;
    expect(md).toContain(`**Total: ${earned}/${possible} (${percent}%)**`);
    for (const c of report.criteria) {
      const score =
        c.status === 'pending' || c.status === 'skipped'
          ? `–/${c.points}`
          : `${c.earned}/${c.points}`;
      expect(md).toMatch(
        new RegExp(`^\\| ${c.id} \\| .* \\| ${c.kind} \\| ${score.replace('.', '\\.')} \\|`, 'm'),
      );
    }
    expect(md).toContain(
      `| Environment | interview-kit ${report.kit.version}, Node ${process.version} |`,
    );
    await writeFile(join(dir, '..', 'grace.json'), run.stdout);
  });

  it('keeps saved scores for later grades and updates them with flags', async () => {
    const run = await runKit([
      'grade',
      dir,
      '--score',
      `${second.id}=0.5`,
      '--note',
      `${second.id}=quiet`,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.criteria.find((c) => c.id === first.id)).toMatchObject({
      earned: 2,
      note: 'weighs drop-oldest well',
    });
    expect(report.criteria.find((c) => c.id === second.id)).toMatchObject({
      earned: 0.5,
      note: 'quiet',
    });
  });

  it('loses nothing already saved on Ctrl-C mid-prompt', async () => {
    const fresh = await startAttempt('linus');
    const kit = spawnKit(['grade', fresh, '--interactive']);
    await kit.waitFor(`Score for ${first.id}`);
    kit.send('3\n');
    await kit.waitFor(`Note for ${first.id}`);
    kit.child.kill('SIGINT');
    expect(await kit.exit).toBe(130);
    expect(kit.stderr()).toContain(`Interrupted. Saved ${first.id}. Not scored yet: ${second.id}.`);
    expect((await readMeta(fresh)).manual).toEqual({ [first.id]: { points: 3 } });
  });
});

describe('kit grade --interactive in a terminal', () => {
  it.skipIf(!hasScript)(
    'asks again after a wrong key, and Ctrl-C keeps what was saved',
    async () => {
      const fresh = await startAttempt('turing');
      const kit = spawnKit(['grade', fresh, '--interactive'], { tty: true });
      await kit.waitFor(`Score for ${first.id}`);
      kit.send('q\r');
      await kit.waitFor('"q" is not allowed');
      kit.send('1.5\r');
      await kit.waitFor(`Note for ${first.id}`);
      kit.send('calm\r');
      await kit.waitFor(`Score for ${second.id}`);
      kit.send('\x03');
      expect(await kit.exit).toBe(130);
      expect(kit.stdout()).toContain(
        `Interrupted. Saved ${first.id}. Not scored yet: ${second.id}.`,
      );
      expect((await readMeta(fresh)).manual).toEqual({ [first.id]: { points: 1.5, note: 'calm' } });
    },
  );
});

describe('kit report', () => {
  it('compares a graded attempt with a saved report, one row per criterion', async () => {
    const dir = await startAttempt('hopper');
    const saved = join(made[1] ?? '', 'grace.json');
    const run = await runKit(['report', dir, saved, '--markdown', '-']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('| Criterion | hopper | grace |');
    for (const c of rubric.criteria) expect(run.stdout).toMatch(new RegExp(`^\\| ${c.id} `, 'm'));
    expect(run.stdout).toMatch(
      new RegExp(`^\\| ${first.id} .* \\| –/${first.points} \\| 2/${first.points} \\|$`, 'm'),
    );
    expect(run.stdout).toMatch(/^\| Total \| /m);
  });

  it('refuses reports of different levels and files that are not reports, exit 2', async () => {
    const saved = join(made[1] ?? '', 'grace.json');
    const other = join(made[1] ?? '', 'other.json');
    const report = JSON.parse(await readFile(saved, 'utf8'));
    await writeFile(other, JSON.stringify({ ...report, level: { ...report.level, id: 'level3' } }));
    const mixed = await runKit(['report', saved, other]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('These attempts are of different levels (level2, level3)');
    const bogus = join(made[1] ?? '', 'card.md');
    const notJson = await runKit(['report', bogus]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain(`"${bogus}" is not valid JSON`);
  });
});
