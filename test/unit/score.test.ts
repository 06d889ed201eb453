import { describe, expect, it } from 'vitest';
import { scoreAttempt } from '../../src/grading/score.js';
import type { Rubric, TestOutcome } from '../../src/grading/types.js';

const rubric: Rubric = {
  level: 'level2',
  hintCost: 0.5,
  criteria: [
    { id: 'R1', title: 'proportional', points: 4, kind: 'auto' },
    { id: 'R2', title: 'strict', points: 2, kind: 'auto', allOrNothing: true },
    { id: 'R3', title: 'fast enough', points: 2, kind: 'performance' },
    {
      id: 'R4',
      title: 'explains trade-offs',
      points: 3,
      kind: 'manual',
      lookFor: 'drop vs disconnect',
    },
  ],
};

function outcome(criterion: string, state: TestOutcome['state']): TestOutcome {
  return {
    name: `[${criterion}] t`,
    file: 'f',
    visibility: 'hidden',
    criterion,
    state,
    errors: [],
    durationMs: 1,
  };
}

describe('scoreAttempt', () => {
  it('gives partial credit per passing test', () => {
    const { criteria } = scoreAttempt(rubric, [
      outcome('R1', 'passed'),
      outcome('R1', 'passed'),
      outcome('R1', 'passed'),
      outcome('R1', 'failed'),
    ]);
    expect(criteria[0]).toMatchObject({ earned: 3, status: 'partial' });
  });

  it('gives nothing to an all-or-nothing criterion with one failure', () => {
    const { criteria } = scoreAttempt(rubric, [outcome('R2', 'passed'), outcome('R2', 'failed')]);
    expect(criteria[1]).toMatchObject({ earned: 0, status: 'failed' });
  });

  it('leaves skipped criteria and unscored manual ones out of the possible total', () => {
    const { criteria, total } = scoreAttempt(rubric, [
      outcome('R1', 'passed'),
      outcome('R2', 'passed'),
      outcome('R3', 'skipped'),
    ]);
    expect(criteria.map((c) => c.status)).toEqual(['passed', 'passed', 'skipped', 'pending']);
    expect(total).toEqual({ earned: 6, possible: 6, percent: 100, pending: 3, hintPenalty: 0 });
  });

  it('counts manual scores, capped at the criterion points, and takes off the hint cost', () => {
    const { criteria, total } = scoreAttempt(
      rubric,
      [outcome('R1', 'passed'), outcome('R2', 'failed'), outcome('R3', 'passed')],
      { manual: { R4: { points: 5, note: 'clear' } }, hintsUsed: 2 },
    );
    expect(criteria[3]).toMatchObject({ earned: 3, status: 'scored', note: 'clear' });
    expect(total).toEqual({ earned: 8, possible: 11, percent: 72.7, pending: 0, hintPenalty: 1 });
  });

  it('fails a criterion whose tests all failed', () => {
    const { criteria } = scoreAttempt(rubric, [outcome('R1', 'failed')]);
    expect(criteria[0]).toMatchObject({ earned: 0, status: 'failed' });
  });
});
