import { scoreAttempt } from '../../../src/grading/score.js';
import type { GradeReport, Rubric, TestOutcome } from '../../../src/grading/types.js';

/** A level2-shaped rubric: auto, performance and manual criteria, a hint cost. */
export const sampleRubric: Rubric = {
  level: 'level2',
  hintCost: 0.5,
  criteria: [
    { id: 'R1', title: 'Queues | never sends inline', points: 3, kind: 'auto' },
    { id: 'R2', title: 'Drops the oldest', points: 2, kind: 'auto' },
    { id: 'R3', title: 'Fast enqueue', points: 2, kind: 'performance', allOrNothing: true },
    {
      id: 'R4',
      title: 'Explains backpressure',
      points: 3,
      kind: 'manual',
      lookFor: 'Names the costs',
    },
    { id: 'R5', title: 'Communicates', points: 2, kind: 'manual', lookFor: 'Plans, tests early' },
  ],
};

const test = (criterion: string, state: TestOutcome['state'], n: number): TestOutcome => ({
  name: `[${criterion}] test ${n}`,
  file: `graders/level2/${criterion.toLowerCase()}.test.ts`,
  visibility: n === 1 ? 'visible' : 'hidden',
  criterion,
  state,
  errors: state === 'failed' ? [`expected ${n} to be 0\n  at somewhere`] : [],
  durationMs: 3,
});

/** A scored report: R1 2 of 3 tests passing, R2 passing, R3 failing, R4 scored with a note, R5 pending. */
export function sampleReport(): GradeReport {
  const outcomes = [
    test('R1', 'passed', 1),
    test('R1', 'passed', 2),
    test('R1', 'failed', 3),
    test('R2', 'passed', 1),
    test('R3', 'failed', 2),
  ];
  const scored = scoreAttempt(sampleRubric, outcomes, {
    manual: { R4: { points: 2.5, note: 'clear | concise' } },
    hintsUsed: 3,
  });
  return {
    schema: 'interview-kit/grade-report',
    version: 2,
    kit: { version: '0.1.0', node: 'v20.20.0' },
    level: { id: 'level2', slug: 'fanout', title: 'Fanout: per-user buffers and backpressure' },
    scope: 'all',
    attempt: {
      dir: '/tmp/ada',
      startedAt: '2025-01-01T10:00:00.000Z',
      elapsedMs: 42 * 60_000,
      hintsUsed: 3,
      editedTests: ['test/ordering.test.ts'],
    },
    ...scored,
    problems: [],
    sandbox: 'bwrap',
    integrity: { tampered: false, findings: [], flags: [], record: null },
    gradedAt: '2025-01-01T10:42:00.000Z',
    durationMs: 5_000,
  };
}
