import type { CriterionResult, GradeReport, Rubric, TestOutcome } from './types.js';

/** A manual criterion's score as the interviewer gave it. */
export interface ManualScore {
  points: number;
  note?: string;
}

/** What scoring needs besides the rubric and the outcomes. */
export interface ScoreInput {
  manual?: Record<string, ManualScore>;
  hintsUsed?: number;
  /** Grader files (relative to the kit) whose run was tampered with: their criteria score 0. */
  untrustedFiles?: ReadonlySet<string>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function scoreTested(criterion: Rubric['criteria'][number], tests: TestOutcome[]): CriterionResult {
  const base = { ...pick(criterion), tests };
  const ran = tests.filter((t) => t.state !== 'skipped');
  if (ran.length === 0) return { ...base, earned: 0, status: 'skipped' };
  const passed = ran.filter((t) => t.state === 'passed').length;
  const all = passed === ran.length;
  const earned = criterion.allOrNothing
    ? all
      ? criterion.points
      : 0
    : round2((criterion.points * passed) / ran.length);
  const status = all ? 'passed' : passed === 0 || earned === 0 ? 'failed' : 'partial';
  return { ...base, earned, status };
}

function pick(criterion: Rubric['criteria'][number]) {
  return {
    id: criterion.id,
    title: criterion.title,
    kind: criterion.kind,
    points: criterion.points,
  };
}

/**
 * Scores outcomes against a rubric. Auto and performance criteria earn points in proportion to
 * their passing tests (or all-or-nothing); a criterion with no test that ran is skipped and left
 * out of the possible total; manual criteria count once the interviewer scored them. An auto
 * criterion with a test in a file whose run was tampered with scores 0, whatever its tests say.
 */
export function scoreAttempt(
  rubric: Rubric,
  outcomes: TestOutcome[],
  input: ScoreInput = {},
): Pick<GradeReport, 'criteria' | 'total'> {
  const criteria: CriterionResult[] = rubric.criteria.map((criterion) => {
    if (criterion.kind !== 'manual') {
      const tests = outcomes.filter((t) => t.criterion === criterion.id);
      if (tests.some((t) => input.untrustedFiles?.has(t.file))) {
        return { ...pick(criterion), tests, earned: 0, status: 'failed', tampered: true };
      }
      return scoreTested(criterion, tests);
    }
    const given = input.manual?.[criterion.id];
    if (!given) return { ...pick(criterion), tests: [], earned: 0, status: 'pending' };
    const earned = Math.max(0, Math.min(criterion.points, given.points));
    const note = given.note ? { note: given.note } : {};
    return { ...pick(criterion), tests: [], earned, status: 'scored', ...note };
  });
  const counted = criteria.filter((c) => c.status !== 'skipped' && c.status !== 'pending');
  const hintPenalty = round2((rubric.hintCost ?? 0) * (input.hintsUsed ?? 0));
  const gross = counted.reduce((sum, c) => sum + c.earned, 0);
  const earned = round2(Math.max(0, gross - hintPenalty));
  const possible = round2(counted.reduce((sum, c) => sum + c.points, 0));
  const pending = round2(
    criteria.filter((c) => c.status === 'pending').reduce((sum, c) => sum + c.points, 0),
  );
  const percent = possible > 0 ? Math.round((earned / possible) * 1000) / 10 : 0;
  return { criteria, total: { earned, possible, percent, pending, hintPenalty } };
}
