import type { GradeReport } from '../../src/grading/types.js';

/** A small report with one criterion of each state the scorecard shows. */
export function sampleReport(): GradeReport {
  return {
    schema: 'interview-kit/grade-report',
    version: 2,
    kit: { version: '0.1.0', node: 'v20.20.2' },
    level: { id: 'level2', slug: 'fanout', title: 'Fanout' },
    scope: 'all',
    attempt: {
      dir: '/tmp/a',
      startedAt: '2026-01-01T00:00:00.000Z',
      elapsedMs: 42 * 60_000,
      hintsUsed: 1,
      editedTests: ['test/ordering.test.ts'],
    },
    criteria: [
      {
        id: 'R1',
        title: 'Non-blocking',
        kind: 'auto',
        points: 3,
        earned: 3,
        status: 'passed',
        tests: [],
      },
      {
        id: 'R2',
        title: 'Drop oldest',
        kind: 'auto',
        points: 4,
        earned: 2,
        status: 'partial',
        tests: [
          {
            name: '[R2] drops the oldest',
            file: 'graders/level2/drop.test.ts',
            visibility: 'hidden',
            criterion: 'R2',
            state: 'failed',
            errors: ['expected [ 8, 9, 10 ] to equal [ 1, 2, 3 ]'],
            durationMs: 3,
          },
        ],
      },
      {
        id: 'R3',
        title: 'Trade-offs',
        kind: 'manual',
        points: 3,
        earned: 0,
        status: 'pending',
        tests: [],
      },
    ],
    total: { earned: 5, possible: 7, percent: 71.4, pending: 3, hintPenalty: 0 },
    problems: [{ kind: 'timeout', message: 'Grading stopped after 45 s.' }],
    sandbox: 'bwrap',
    integrity: { tampered: false, findings: [], flags: [], record: null },
    gradedAt: '2026-01-01T00:42:00.000Z',
    durationMs: 1_400,
  };
}
