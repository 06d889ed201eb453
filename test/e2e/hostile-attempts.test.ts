import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import type { GradeReport } from '../../src/grading/types.js';
import { NO_SANDBOX_WARNING } from '../../src/sandbox/warning.js';
import { runKit, solutionSources, tempDir } from '../support/run-kit.js';

// Attempts that fight back: each must still end in a normal report that names the problem, with
// exit code 0, within 60 seconds, scoring the affected criteria 0.

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

/** A level2 attempt holding the reference solution with `server.ts` rewritten by `edit`. */
async function hostileAttempt(edit: (source: string) => string): Promise<string> {
  const dir = await tempDir('hostile');
  made.push(dir);
  await scaffoldAttempt({
    levelId: 'level2',
    dir,
    force: true,
    sources: await solutionSources('level2'),
  });
  const server = join(dir, 'src/server.ts');
  const before = await readFile(server, 'utf8');
  const after = edit(before);
  expect(after, 'the hostile edit must change server.ts').not.toBe(before);
  await writeFile(server, after);
  return dir;
}

const inTick = (code: string) => (s: string) =>
  s.replace('tick(): void {', `tick(): void {\n    ${code}`);

async function grade(dir: string, extra: string[] = []) {
  const run = await runKit(['grade', dir, '--json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as GradeReport;
  expect(report.sandbox, 'graded in the jail').toBe('bwrap');
  return { run, report };
}

function failedErrors(report: GradeReport): string {
  return report.criteria
    .flatMap((c) => c.tests)
    .filter((t) => t.state === 'failed')
    .flatMap((t) => t.errors)
    .join('\n');
}

describe('kit grade on hostile attempts', () => {
  it('stops an infinite loop at import within 60 s with the default limit', async () => {
    const dir = await hostileAttempt((s) => `while (true) {}\n${s}`);
    const { run, report } = await grade(dir);
    expect(run.ms).toBeLessThan(60_000);
    expect(report.problems.map((p) => p.kind)).toContain('timeout');
    expect(report.total.earned).toBe(0);
  });

  it('stops an infinite loop inside a method and keeps the files that finished', async () => {
    const dir = await hostileAttempt(inTick('while (true) {}'));
    const { report } = await grade(dir, ['--timeout', '15']);
    expect(report.problems[0]?.message).toMatch(/^Grading stopped after 15 s/);
    expect(report.total.earned).toBeLessThan(report.total.possible);
  });

  it('names the syntax error and where it is', async () => {
    const dir = await hostileAttempt((s) => `${s}\nexport const broken = ;\n`);
    const { report } = await grade(dir);
    expect(report.total.earned).toBe(0);
    expect(report.problems.some((p) => p.kind === 'load-error')).toBe(true);
    expect(failedErrors(report)).toMatch(/src\/server\.ts:\d+:\d+/);
  });

  it('names an error thrown at import', async () => {
    const dir = await hostileAttempt((s) => `throw new Error('candidate threw at import');\n${s}`);
    const { report } = await grade(dir);
    expect(report.total.earned).toBe(0);
    expect(failedErrors(report)).toContain('candidate threw at import');
  });

  it('turns process.exit() in candidate code into failing tests, not a dead kit', async () => {
    const dir = await hostileAttempt(inTick('process.exit(1);'));
    const { report } = await grade(dir);
    expect(failedErrors(report)).toContain('process.exit unexpectedly called with "1"');
    expect(report.total.earned).toBeLessThan(report.total.possible);
  });
});

describe('kit grade and kit test where there is no jail (KIT_SANDBOX=none)', () => {
  it('run as before with one yellow warning line, and the report says sandbox none', async () => {
    const dir = await tempDir('nojail');
    made.push(dir);
    const sources = await solutionSources('level2');
    await scaffoldAttempt({ levelId: 'level2', dir, force: true, sources });
    const env = { KIT_SANDBOX: 'none' };
    const graded = await runKit(['grade', dir, '--json'], { env });
    expect(graded.code, graded.stderr).toBe(0);
    const report = JSON.parse(graded.stdout) as GradeReport;
    expect(report.sandbox).toBe('none');
    expect(report.total.earned).toBe(report.total.possible);
    expect(graded.stderr.trim()).toBe(NO_SANDBOX_WARNING);
    const text = await runKit(['grade', dir], { env });
    expect(text.stdout).toContain('sandbox none');
    const tested = await runKit(['test', dir], { env });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stderr).toContain(NO_SANDBOX_WARNING);
  });
});
