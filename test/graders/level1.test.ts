import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import { criterionStatuses, expectMutantLosesExactly } from '../support/mutants.js';
import { LEVEL1_MUTANTS } from './level1-mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const AUTO = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10'];
/** Generous for a busy machine; a mutant's grading takes well under 10 s on an idle one. */
const MUTANT_RUN_MS = 90_000;
const MUTANT_TEST_MS = MUTANT_RUN_MS + 30_000;

describe('level1 graders', () => {
  it('give the reference every auto and performance point', async () => {
    const report = await gradeImplementation({
      levelId: 'level1',
      implDir: resolve(kitRoot, 'solutions/level1'),
    });
    expect(report.problems).toEqual([]);
    expect(criterionStatuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'passed'])));
  });

  it('fail the starter on every auto and performance criterion', async () => {
    const report = await gradeImplementation({
      levelId: 'level1',
      implDir: resolve(kitRoot, 'levels/level1/src'),
    });
    expect(criterionStatuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'failed'])));
  });

  it('prove at least 15 classic bugs', () => {
    expect(LEVEL1_MUTANTS.length).toBeGreaterThanOrEqual(15);
  });

  for (const { name, loses, patches } of LEVEL1_MUTANTS) {
    it(
      `catch a server that ${name}, on ${loses.join(', ')} alone`,
      async () => {
        await expectMutantLosesExactly('level1', patches, loses, MUTANT_RUN_MS);
      },
      MUTANT_TEST_MS,
    );
  }
});
