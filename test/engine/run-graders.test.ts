import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectOutcomes, type ExpectedFile } from '../../src/grading/collect-outcomes.js';
import { runGraders } from '../../src/grading/run-graders.js';
import { scanTestFile } from '../../src/grading/scan-tests.js';

// The engine against a toy grader file and hostile implementations of it. Each hostile case must
// end in a report that names the problem, never in a hung or crashed kit.

const fixtures = resolve(import.meta.dirname, '../fixtures/engine');
const grader = join(fixtures, 'toy.grader.ts');

async function grade(impl: string, timeoutMs = 20_000) {
  const expected: ExpectedFile[] = [
    {
      path: grader,
      file: 'toy.grader.ts',
      visibility: 'hidden',
      tests: await scanTestFile(grader),
    },
  ];
  const run = await runGraders({
    files: [grader],
    implDir: join(fixtures, impl),
    timeoutMs,
  });
  return { run, outcomes: collectOutcomes(expected, run) };
}

describe('runGraders', () => {
  it('reports every test of a correct implementation as passed', async () => {
    const { run, outcomes } = await grade('good');
    expect(run.finished).toBe(true);
    expect(outcomes.map((o) => [o.criterion, o.state])).toEqual([
      ['R1', 'passed'],
      ['R2', 'passed'],
    ]);
  });

  it('fails every test of a file whose import has a syntax error, quoting the parser', async () => {
    const { outcomes } = await grade('syntax');
    expect(outcomes.every((o) => o.state === 'failed')).toBe(true);
    expect(outcomes[0]?.errors[0]).toMatch(/failed to load: .*Unexpected token/s);
    expect(outcomes[0]?.errors[0]).toContain('syntax/toy.ts:1:58');
  });

  it('fails every test when the implementation throws at import, naming where', async () => {
    const { outcomes } = await grade('throws');
    expect(outcomes.every((o) => o.state === 'failed')).toBe(true);
    expect(outcomes[0]?.errors[0]).toMatch(/boom at import\n {2}at .*throws\/toy\.ts:1:7/);
  });

  it('fails only the test that calls process.exit()', async () => {
    const { run, outcomes } = await grade('exits');
    expect(run.finished).toBe(true);
    expect(outcomes.map((o) => o.state)).toEqual(['passed', 'failed']);
    expect(outcomes[1]?.errors[0]).toMatch(
      /^process.exit unexpectedly called with "0"\n {2}at .*exits\/toy.ts/,
    );
  });

  it('stops an infinite loop at import at the time limit and says so', async () => {
    const { run, outcomes } = await grade('loop', 3_000);
    expect(run.finished).toBe(false);
    expect(run.problems[0]?.kind).toBe('timeout');
    expect(outcomes.every((o) => o.state === 'failed')).toBe(true);
    expect(outcomes[0]?.errors[0]).toMatch(/^Not finished: Grading stopped after 3 s/);
  });

  it('stops an infinite loop inside a method at the time limit', async () => {
    const { run, outcomes } = await grade('loop-method', 3_000);
    expect(run.problems.map((p) => p.kind)).toEqual(['timeout']);
    expect(outcomes.find((o) => o.criterion === 'R2')?.state).toBe('failed');
  });
});
