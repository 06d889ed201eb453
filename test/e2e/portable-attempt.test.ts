import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRangeAccepts } from '../../src/attempt/node-range.js';
import { portableNodeRange } from '../../src/attempt/portable-files.js';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { scanTestFile } from '../../src/grading/scan-tests.js';
import type { GradeReport } from '../../src/grading/types.js';
import { listGraderFiles } from '../../src/levels/load-level.js';
import { kitRoot, runKit, solutionSources, tempDir } from '../support/run-kit.js';
import { runOnNodePath } from '../support/run-on-node-path.js';

// A portable attempt leaves the kit's machine: made here, copied to a folder outside the kit's
// tree, run there with npm alone, brought back and graded. Two temp folders stand for the two
// machines; the candidate's side never sees a path of the kit.

const here = await tempDir('portable-here');
const there = await tempDir('portable-there');
afterAll(() => Promise.all([here, there].map((d) => rm(d, { recursive: true, force: true }))));
const env = { XDG_CONFIG_HOME: join(here, 'config') };
const LEVELS = ['level1', 'level2', 'level3'];

/** Every entry under a folder, relative, with whether it is a link. */
async function walk(dir: string, root = dir): Promise<{ path: string; link: boolean }[]> {
  const out: { path: string; link: boolean }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.push({ path: path.slice(root.length + 1), link: entry.isSymbolicLink() });
    if (entry.isDirectory()) out.push(...(await walk(path, root)));
  }
  return out;
}

async function textOf(dir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const { path } of await walk(dir)) {
    if ((await lstat(join(dir, path))).isFile()) {
      texts.set(path, await readFile(join(dir, path), 'utf8'));
    }
  }
  return texts;
}

/** Runs `npm <args>` in a folder with only Node's own folder on the PATH. */
const npm = (args: string[], cwd: string) => runOnNodePath('npm', args, cwd);

/**
 * What `npm install` would give the copy, without the network: a node_modules folder with a link
 * per package its package.json names (to the kit's installed copy) and `.bin/vitest`. Made only
 * here, in the test; the portable attempt itself holds no link.
 */
async function provideInstalledPackages(dir: string): Promise<void> {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  for (const name of names) {
    await mkdir(dirname(join(dir, 'node_modules', name)), { recursive: true });
    await symlink(join(kitRoot, 'node_modules', name), join(dir, 'node_modules', name));
  }
  await mkdir(join(dir, 'node_modules', '.bin'));
  await symlink(
    join(kitRoot, 'node_modules', 'vitest', 'vitest.mjs'),
    join(dir, 'node_modules', '.bin', 'vitest'),
  );
}

const made = join(here, 'level1-attempt');
const copy = join(there, 'level1-attempt');
const start = await runKit(['start', 'level1', '--portable', '--dir', made], { env });
await cp(made, copy, { recursive: true });

describe('kit start --portable', () => {
  it('says what to send and how it runs there', () => {
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Started a portable attempt of level1');
    expect(start.stdout).toContain('npm install && npm test');
  });

  it('holds no link and no path of the kit, in any file', async () => {
    const entries = await walk(copy);
    expect(entries.filter((e) => e.link)).toEqual([]);
    expect(entries.map((e) => e.path).sort()).toEqual(
      [
        '.gitignore',
        '.kit',
        '.kit/attempt.json',
        'README.md',
        'package-lock.json',
        'package.json',
        'src',
        'src/server.ts',
        'test',
        'test/server.test.ts',
        'tsconfig.json',
        'vitest.config.ts',
      ].sort(),
    );
    for (const [path, text] of await textOf(copy)) {
      expect(text.includes(kitRoot), `${path} names the kit's folder`).toBe(false);
      expect(text.includes(here), `${path} names the folder it was made in`).toBe(false);
    }
  });

  it('pins, exactly, the versions the kit itself locked (so each exists on the registry)', async () => {
    const pkg = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(join(kitRoot, 'package-lock.json'), 'utf8'));
    expect(pkg.scripts).toEqual({
      test: 'vitest run',
      'test:watch': 'vitest',
      typecheck: 'tsc --noEmit',
    });
    // The Node versions vitest and its vite accept, read from the kit's installed packages.
    expect(pkg.engines).toEqual({ node: portableNodeRange(Object.keys(pkg.devDependencies)) });
    expect(nodeRangeAccepts(pkg.engines.node, '22.11.0')).toBe(false);
    expect(Object.keys(pkg.dependencies)).toEqual(['ws']);
    expect(Object.keys(pkg.devDependencies)).toEqual([
      '@types/node',
      '@types/ws',
      'typescript',
      'vitest',
    ]);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(version, name).toBe(lock.packages[`node_modules/${name}`].version);
    }
  });

  it("locks the kit's own tree: a subset of its lockfile, same versions and integrity hashes", async () => {
    const pkg = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(join(copy, 'package-lock.json'), 'utf8'));
    const kitLock = JSON.parse(await readFile(join(kitRoot, 'package-lock.json'), 'utf8'));
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']).toEqual({
      name: 'level1-attempt',
      dependencies: pkg.dependencies,
      devDependencies: pkg.devDependencies,
      engines: pkg.engines,
    });
    const entries = Object.entries(lock.packages).filter(([key]) => key !== '');
    // vitest's tree, every platform's optional binaries of it included.
    expect(entries.length).toBeGreaterThan(40);
    expect(lock.packages['node_modules/@rolldown/binding-darwin-arm64']?.optional).toBe(true);
    expect(lock.packages['node_modules/ws'].dev).toBeUndefined();
    expect(lock.packages['node_modules/vitest'].dev).toBe(true);
    for (const [key, entry] of entries as [string, { version: string; integrity: string }][]) {
      expect(entry.version, key).toBe(kitLock.packages[key]?.version);
      expect(entry.integrity, key).toBe(kitLock.packages[key]?.integrity);
    }
  });

  it('runs its visible tests with npm alone, outside the kit: the starter fails, a solution passes', async () => {
    const bare = join(there, 'run');
    await cp(copy, bare, { recursive: true });
    await provideInstalledPackages(bare);
    const starter = await npm(['test'], bare);
    expect(starter.code).toBe(1);
    expect(starter.output).toMatch(/Tests +\d+ failed/);
    for (const [name, content] of Object.entries(await solutionSources('level1'))) {
      await writeFile(join(bare, 'src', name), content);
    }
    const solved = await npm(['test'], bare);
    expect(solved.output).toMatch(/Tests +\d+ passed/);
    expect(solved.code).toBe(0);
  });
});

describe('what a portable attempt does not hold', () => {
  for (const level of LEVELS) {
    it(`${level}: no hidden grader's test title and no line of the reference solution`, async () => {
      const dir = join(here, `${level}-bare`);
      await scaffoldAttempt({ levelId: level, dir, portable: true });
      const all = [...(await textOf(dir)).values()].join('\n');
      const graders = await listGraderFiles(level, 'all');
      const visible = new Set<string>();
      for (const f of graders.filter((g) => g.visibility === 'visible')) {
        for (const t of await scanTestFile(f.path)) visible.add(t.title);
      }
      const hidden: string[] = [];
      for (const f of graders.filter((g) => g.visibility === 'hidden')) {
        for (const t of await scanTestFile(f.path)) if (!visible.has(t.title)) hidden.push(t.title);
      }
      expect(hidden.length).toBeGreaterThan(5);
      expect(hidden.filter((title) => all.includes(title))).toEqual([]);
      const starter = all.split('\n').map((l) => l.trim());
      const solutionLines = Object.values(await solutionSources(level))
        .flatMap((s) => s.split('\n').map((l) => l.trim()))
        .filter((l) => l.length > 30 && !starter.includes(l));
      expect(solutionLines.length).toBeGreaterThan(10);
      expect(solutionLines.filter((l) => all.includes(l))).toEqual([]);
    });
  }
});

async function gradeJson(dir: string, config = env): Promise<GradeReport> {
  const run = await runKit(['grade', dir, '--json'], { env: config });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as GradeReport;
}

describe('kit grade of a portable attempt that comes back', () => {
  it("grades with the kit's packages, never the folder's node_modules, and says where it was made", async () => {
    const back = join(there, 'returned');
    await cp(copy, back, { recursive: true });
    for (const [name, content] of Object.entries(await solutionSources('level1'))) {
      await writeFile(join(back, 'src', name), content);
    }
    // The candidate's own install, here a ws that would fail every test if it were loaded.
    await mkdir(join(back, 'node_modules', 'ws'), { recursive: true });
    await writeFile(
      join(back, 'node_modules', 'ws', 'package.json'),
      '{"name":"ws","version":"8.0.0","type":"module","main":"index.js"}',
    );
    await writeFile(
      join(back, 'node_modules', 'ws', 'index.js'),
      "throw new Error('the folder node_modules was used');\n",
    );
    const before = (await walk(back)).map((e) => e.path).sort();
    const report = await gradeJson(back);
    const tests = report.criteria.flatMap((c) => c.tests);
    expect(tests.length).toBeGreaterThan(10);
    expect(tests.filter((t) => t.state !== 'passed').map((t) => t.name)).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('the folder node_modules was used');
    expect(report.integrity.record).toBe('signed');
    expect(report.attempt.origin).toBe(
      `Made elsewhere: a portable attempt made by this kit in ${made}, graded from this folder; its record verifies.`,
    );
    // Grading added nothing to the folder (no node_modules link, no file).
    expect((await walk(back)).map((e) => e.path).sort()).toEqual(before);
    const text = await runKit(['grade', back], { env });
    expect(text.stdout).toContain('Made elsewhere: a portable attempt made by this kit in');
  });

  it('made on another machine: "record not verified", not tampered', async () => {
    const other = { XDG_CONFIG_HOME: join(there, 'candidate-config') };
    const theirs = join(there, 'their-own');
    await runKit(['start', 'level1', '--portable', '--dir', theirs], { env: other });
    const report = await gradeJson(theirs);
    expect(report.integrity.record).toBe('foreign');
    expect(report.integrity.tampered).toBe(false);
    expect(report.attempt.origin).toBe(
      "Made on another machine (a portable attempt signed by another kit's key); record not verified.",
    );
    const text = await runKit(['grade', theirs], { env });
    expect(text.stdout).toContain('Made on another machine; record not verified');
    expect(text.stdout).not.toMatch(/TAMPERED|edited outside the kit/);
    // Scoring it here signs the record with this kit's key; where it came from is kept.
    const scored = await runKit(['grade', theirs, '--score', 'R11=3', '--json'], { env });
    expect(scored.code, scored.stderr).toBe(0);
    const after = await gradeJson(theirs);
    expect(after.integrity.record).toBe('signed');
    expect(after.attempt.origin).toMatch(
      /^Made on another machine \(a portable attempt signed by another kit's key, first graded here \d{4}-.*\); record not verified then\.$/,
    );
  });

  it('a record that claims this machine but was changed is reported as edited', async () => {
    const edited = join(there, 'edited');
    await cp(copy, edited, { recursive: true });
    const path = join(edited, '.kit', 'attempt.json');
    const record = JSON.parse(await readFile(path, 'utf8'));
    record.startedAt = new Date(Date.parse(record.startedAt) + 3_600_000).toISOString();
    await writeFile(path, JSON.stringify(record, null, 2));
    const report = await gradeJson(edited);
    expect(report.integrity.record).toBe('edited');
    expect(report.attempt.origin).toMatch(/its record does not verify/);
  });
});

describe('kit bundle', () => {
  const file = join(here, 'ada-level1.tgz');

  it('writes one .tgz and its sha256 beside it; the folder it unpacks to grades as that bundle', async () => {
    const run = await runKit(['bundle', 'broadcast', '--out', file], { env });
    expect(run.code, run.stderr).toBe(0);
    const sha256 = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
    expect(run.stdout).toContain(`sha256 ${sha256}`);
    expect(await readFile(`${file}.sha256`, 'utf8')).toBe(`${sha256}  ada-level1.tgz\n`);
    execFileSync('sha256sum', ['-c', 'ada-level1.tgz.sha256'], { cwd: here, stdio: 'ignore' });
    const unpacked = join(there, 'unpacked');
    await mkdir(unpacked);
    execFileSync('tar', ['-xzf', file, '-C', unpacked]);
    const files = (await walk(join(unpacked, 'level1-attempt'))).map((e) => e.path).sort();
    expect(files).toEqual((await walk(made)).map((e) => e.path).sort());
    for (const [path, text] of await textOf(join(unpacked, 'level1-attempt'))) {
      expect(text.includes(kitRoot), path).toBe(false);
    }
    const report = await gradeJson(join(unpacked, 'level1-attempt'));
    // Grading a folder with no node_modules adds none (no link to the kit appears in it).
    expect((await walk(join(unpacked, 'level1-attempt'))).map((e) => e.path).sort()).toEqual(files);
    expect(report.integrity.record).toBe('signed');
    expect(report.attempt.origin).toBe(
      `Made elsewhere: a portable attempt bundled by this kit into ${file} (sha256 ${sha256}), graded from this folder; its record verifies.`,
    );
  });

  it('never replaces an existing archive unasked', async () => {
    const before = await readFile(file);
    const run = await runKit(['bundle', 'level1', '--out', file], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`"${file}" already exists`);
    expect((await readFile(file)).equals(before)).toBe(true);
    const forced = await runKit(['bundle', 'level1', '--out', file, '--force'], { env });
    expect(forced.code).toBe(0);
  });
});
