import { spawn } from 'node:child_process';
import { existsSync, lstatSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { kitBin, runKit, tempDir } from '../support/run-kit.js';

// The built CLI as a user runs it: start, test and grade an attempt of level2, and the errors a
// user can make. Hostile attempts have their own file.

const made: string[] = [];
async function fresh(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  made.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

describe('kit --help and --version', () => {
  it('lists every command and exits 0', async () => {
    const run = await runKit(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['list', 'start', 'test', 'grade', 'verify']) {
      expect(run.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
  });

  it('runs as an executable, the way npx and npm link start it', async () => {
    const child = spawn(kitBin, ['--version']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '../../package.json'), 'utf8'));
    const run = await runKit(['--version']);
    expect(run.stdout.trim()).toBe(pkg.version);
  });
});

describe('kit list', () => {
  it('shows the levels in order with slug and time budget', async () => {
    const run = await runKit(['list']);
    expect(run.code).toBe(0);
    const ids = [...run.stdout.matchAll(/^ {2}(level\d) +(\w+) +(\d+) min/gm)].map((m) => m[1]);
    expect(ids).toEqual(['level1', 'level2', 'level3']);
    expect(run.stdout).toMatch(/level2 +fanout +60 min/);
  });
});

describe('kit start', () => {
  it('refuses an unknown level with one line naming it and `kit list`, exit 2', async () => {
    const run = await runKit(['start', 'level9']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'Level "level9" not found; the levels are level1 (broadcast), level2 (fanout), level3 (pubsub). Run `kit list`.',
    );
  });

  it('scaffolds the task, starter, visible tests and metadata by slug', async () => {
    const dir = join(await fresh('start'), 'attempt');
    const run = await runKit(['start', 'fanout', '--dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Started level2 (fanout) in ${dir}`);
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
    expect((await readdir(join(dir, 'src'))).sort()).toEqual(
      (await readdir(join(import.meta.dirname, '../../levels/level2/src'))).sort(),
    );
    expect(lstatSync(join(dir, 'node_modules')).isSymbolicLink()).toBe(true);
    const meta = JSON.parse(await readFile(join(dir, '.kit/attempt.json'), 'utf8'));
    expect(meta).toMatchObject({ schema: 'interview-kit/attempt', level: 'level2', hints: [] });
    expect(Object.keys(meta.files)).toContain('src/server.ts');
  });

  it("refuses a non-empty folder and leaves the candidate's file alone", async () => {
    const dir = await fresh('nonempty');
    await writeFile(join(dir, 'notes.txt'), 'my work');
    const run = await runKit(['start', 'level2', '--dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Folder "${dir}" is not empty.`);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('with --force, backs up every file it replaces', async () => {
    const dir = join(await fresh('force'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    await writeFile(join(dir, 'src/server.ts'), '// my edits\n');
    const run = await runKit(['start', 'level2', '--dir', dir, '--force']);
    expect(run.code).toBe(0);
    const backups = (await readdir(join(dir, '.kit'))).filter((f) => f.startsWith('backup-'));
    expect(backups).toHaveLength(1);
    const saved = await readFile(join(dir, '.kit', backups[0] ?? '', 'src/server.ts'), 'utf8');
    expect(saved).toBe('// my edits\n');
  });
});

describe('kit test and kit grade on the starter', () => {
  it("kit test fails the starter with exit 1 and vitest's report", async () => {
    const dir = join(await fresh('test'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    const run = await runKit(['test'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Tests +\d+ failed/);
  });

  it('npm test in the attempt runs the same tests without kit on the PATH', async () => {
    const dir = join(await fresh('npmtest'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    const npm = spawn('npm', ['test', '--silent'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', PATH: dirname(process.execPath) },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((done) => npm.on('close', done));
    expect(code).toBe(1);
    expect(output).toMatch(/Tests +\d+ failed/);
  });

  it('kit grade scores the starter, flags an edited visible test, exits 0', async () => {
    const dir = join(await fresh('grade'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    const testFile = (await readdir(join(dir, 'test')))[0] ?? '';
    await writeFile(join(dir, 'test', testFile), '// emptied\n');
    const run = await runKit(['grade', dir, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report).toMatchObject({
      schema: 'interview-kit/grade-report',
      version: 2,
      scope: 'all',
    });
    expect(report.attempt.editedTests).toEqual([`test/${testFile}`]);
    const auto = report.criteria.filter((c) => c.kind !== 'manual');
    expect(auto.every((c) => c.status !== 'passed')).toBe(true);
    expect(report.attempt.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('kit grade --min-score exits 1 when the score is below it', async () => {
    const dir = join(await fresh('min'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    const run = await runKit(['grade', dir, '--min-score', '50']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Score [\d.]+% is below --min-score 50\./m);
    expect(run.stdout).toMatch(/^Total /m);
  });

  it('kit grade on a folder that is not an attempt exits 2 with the next command', async () => {
    const dir = await fresh('notattempt');
    const run = await runKit(['grade', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `"${dir}" is not an attempt (no .kit/attempt.json). Run \`kit start <level>\` to create one.`,
    );
  });

  it('kit grade on a returned folder without .kit/ says what is missing and what to do', async () => {
    const dir = join(await fresh('returned'), 'ada-level1');
    expect((await runKit(['start', 'level1', '--portable', '--dir', dir])).code).toBe(0);
    await rm(join(dir, '.kit'), { recursive: true });
    const run = await runKit(['grade', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `"${dir}" has src/ and test/ but no .kit/attempt.json: the folder may have lost its hidden .kit/ folder when it was zipped; ask for it again with .kit/ included, or copy .kit/ over from the attempt as you sent it (the folder \`kit start\` made, or your bundle unpacked).`,
    );
  });

  it('kit grade rejects a bad --min-score as a usage error', async () => {
    const run = await runKit(['grade', '.', '--min-score', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Expected a number from 0 to 100, got "lots".');
  });
});

describe('kit test --watch', () => {
  it('runs the tests again when a source file is saved', async () => {
    const dir = join(await fresh('watch'), 'attempt');
    await runKit(['start', 'level2', '--dir', dir]);
    const child = spawn(process.execPath, [kitBin, 'test', '--watch'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    const runs = () => output.split('Test Files').length - 1;
    const waitForRuns = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no run #${n} in:\n${output}`)), 30_000);
        const check = () => {
          if (runs() >= n) {
            clearTimeout(timer);
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    try {
      await waitForRuns(1);
      const server = join(dir, 'src/server.ts');
      await writeFile(server, `${await readFile(server, 'utf8')}\n// saved\n`);
      await waitForRuns(2);
      expect(output).toMatch(/Tests +\d+ failed/);
    } finally {
      child.kill('SIGINT');
    }
  });
});
