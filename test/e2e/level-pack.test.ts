import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { kitRoot, runKit, tempDir } from '../support/run-kit.js';

// CONTRIBUTING.md's "Adding a level", proved: a throwaway one-level pack (test/fixtures/level-pack)
// copied outside the kit's tree is listed, started, graded and verified by the built CLI with no
// change to the engine; a pack that breaks the rules is refused with the file and field named.

const FIXTURE = join(kitRoot, 'test/fixtures/level-pack');
const made: string[] = [];
let pack: string;
let work: string;

async function copyOfPack(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  made.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  pack = await copyOfPack('pack');
  work = await tempDir('pack-work');
  made.push(work);
});
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

describe('a one-level pack outside the kit', () => {
  it('kit list shows its level under the pack’s name, after the kit’s own', async () => {
    const run = await runKit(['list', '--levels', pack], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Levels of pack tiny-pack\n {2}tiny +greet +5 min {2}Greet: /m);
    expect(run.stdout.indexOf('level3')).toBeLessThan(run.stdout.indexOf('tiny'));
  });

  it('KIT_LEVELS names it as --levels does', async () => {
    const run = await runKit(['list'], { cwd: work, env: { KIT_LEVELS: pack } });
    expect(run.stdout).toMatch(/Levels of pack tiny-pack/);
  });

  it('starts, grades the starter at 0 and the reference solution at every auto point', async () => {
    const start = await runKit(['start', 'greet', '--levels', pack], { cwd: work });
    expect(start.stderr).toBe('');
    expect(start.stdout).toMatch(/^Started tiny \(greet\) in /);
    const attempt = join(work, 'tiny-attempt');
    expect(await readFile(join(attempt, 'src/greet.ts'), 'utf8')).toMatch(/Not implemented/);
    // No hidden grader reaches the attempt.
    await expect(readFile(join(attempt, 'test/trim.test.ts'), 'utf8')).rejects.toThrow();

    const before = await runKit(['grade', attempt, '--json', '--levels', pack], { cwd: work });
    expect(before.code).toBe(0);
    const starter = JSON.parse(before.stdout) as GradeReport;
    // The kit's self-check does not cover a pack: the report names it and digests what graded.
    expect(starter.level).toEqual({
      id: 'tiny',
      slug: 'greet',
      title: expect.any(String),
      pack: { name: 'tiny-pack', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(starter.total.earned).toBe(0);
    expect(starter.criteria.map((c) => c.id)).toEqual(['R1', 'R2', 'R3']);

    await cp(join(pack, 'solutions/tiny/greet.ts'), join(attempt, 'src/greet.ts'));
    const after = await runKit(['grade', attempt, '--json', '--levels', pack], { cwd: work });
    const solved = JSON.parse(after.stdout) as GradeReport;
    expect(solved.total).toMatchObject({ earned: 10, possible: 10, pending: 2 });
    const hidden = solved.criteria.find((c) => c.id === 'R2')?.tests[0];
    expect(hidden?.visibility).toBe('hidden');
    // A pack's grader lives outside the kit: reports name it in full.
    expect(hidden?.file).toBe(join(pack, 'graders/tiny/trim.test.ts'));
    expect(solved.level.pack?.sha256).toBe(starter.level.pack?.sha256);

    // A changed grader changes the digest the next report shows.
    await writeFile(join(pack, 'graders/tiny/trim.test.ts'), '// changed\n', { flag: 'a' });
    const changed = await runKit(['grade', attempt, '--json', '--levels', pack], { cwd: work });
    const third = JSON.parse(changed.stdout) as GradeReport;
    expect(third.level.pack?.sha256).not.toBe(starter.level.pack?.sha256);
  });

  it('inside the attempt, kit hint finds the pack with no --levels (the attempt names it)', async () => {
    const attempt = join(work, 'tiny-attempt');
    const run = await runKit(['hint'], { cwd: attempt });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Which string does the visible test expect\?/);
  });

  it('grading an attempt of a pack level without its pack says which level is missing', async () => {
    const run = await runKit(['grade', join(work, 'tiny-attempt')], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^The attempt in ".*tiny-attempt" is of level "tiny", which neither the kit nor a named level pack has\. If it is a pack's level, name the pack with `--levels <pack folder>`/,
    );
  });

  it('kit verify <pack> proves it: solution passes, starter fails, rubric, guide, tests agree', async () => {
    const run = await runKit(['verify', pack], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✔ the reference solution earns every auto point/);
    expect(run.stdout).toMatch(/✔ every auto criterion fails on the starter/);
    expect(run.stdout).toMatch(/^tiny$/m);
    expect(run.stdout).not.toMatch(/^level1$/m);
  });
});

describe('a pack that breaks the rules', () => {
  it('is refused when a level takes the id of a built-in level', async () => {
    const clash = await copyOfPack('clash');
    const manifest = join(clash, 'levels/level1/level.json');
    await rename(join(clash, 'levels/tiny'), join(clash, 'levels/level1'));
    const json = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
    await writeFile(manifest, JSON.stringify({ ...json, id: 'level1', slug: 'hello' }));
    const run = await runKit(['list', '--levels', clash], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      `Level "level1" of pack "tiny-pack" (${manifest}) answers to "level1", as level "level1" of pack "kit" already does; ids and slugs must be unique across packs. Rename it in its level.json (and its folder), or leave that pack out.`,
    );
  });

  it('is refused with the manifest’s file and field named', async () => {
    const broken = await copyOfPack('broken');
    const manifest = join(broken, 'levels/tiny/level.json');
    const json = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
    await writeFile(manifest, JSON.stringify({ ...json, minutes: 'five' }));
    const run = await runKit(['start', 'tiny', '--levels', broken], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`${manifest}: "minutes" must be a positive integer`);
  });

  it('a folder that is not a pack is named as such', async () => {
    const run = await runKit(['list', '--levels', work], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a level pack: it has no levels\/ folder/);
  });
});
