/** Ids of the levels the kit ships, in order. */
export type LevelId = 'level1' | 'level2' | 'level3';

/** How a rubric criterion is scored. */
export type CriterionKind = 'auto' | 'manual' | 'performance';

/** One line of a level's rubric (`graders/<id>/rubric.ts`). */
export interface Criterion {
  /** Stable id, `R1`, `R2`, ... Grader test titles start with `[R1] `. */
  id: string;
  title: string;
  points: number;
  kind: CriterionKind;
  /** Auto and performance criteria: earn the points only when every test passes. */
  allOrNothing?: boolean;
  /** Manual criteria: what the interviewer looks for, shown when scoring. */
  lookFor?: string;
}

/** A level's rubric. */
export interface Rubric {
  level: LevelId;
  criteria: Criterion[];
  /** Points taken off the total for each hint the candidate used (0 when absent). */
  hintCost?: number;
}

/** Where a test comes from: copied into the attempt, or kept by the kit for `kit grade`. */
export type Visibility = 'visible' | 'hidden';

/** The outcome of one grader test. */
export interface TestOutcome {
  /** Full title, describe blocks joined with ` > `. */
  name: string;
  /** Path relative to the kit root, e.g. `graders/level2/drops.test.ts`. */
  file: string;
  visibility: Visibility;
  criterion: string;
  state: 'passed' | 'failed' | 'skipped';
  /** Failure messages, or the reason a test was skipped or never ran. */
  errors: string[];
  durationMs: number;
}

/** A problem with the run as a whole: a file that failed to load, a timeout, a crash. */
export interface RunProblem {
  kind: 'timeout' | 'load-error' | 'crash' | 'unhandled-error' | 'unmapped-test';
  message: string;
  file?: string;
}

/** Scored state of one criterion. */
export type CriterionStatus = 'passed' | 'partial' | 'failed' | 'skipped' | 'pending' | 'scored';

/** One criterion in a GradeReport. */
export interface CriterionResult {
  id: string;
  title: string;
  kind: CriterionKind;
  points: number;
  earned: number;
  status: CriterionStatus;
  tests: TestOutcome[];
  /** Manual criteria: the interviewer's note. */
  note?: string;
}

/** The one object every grade renderer, `--json` and the room show. */
export interface GradeReport {
  schema: 'interview-kit/grade-report';
  version: 1;
  kit: { version: string; node: string };
  level: { id: LevelId; slug: string; title: string };
  /** `all` runs visible and hidden graders; `visible` runs what the candidate has. */
  scope: 'all' | 'visible';
  attempt: {
    dir: string;
    startedAt: string | null;
    elapsedMs: number | null;
    hintsUsed: number;
    /** Visible test files edited since `kit start`, relative to the attempt. */
    editedTests: string[];
  };
  criteria: CriterionResult[];
  total: {
    earned: number;
    /** Points of every criterion that was scored (skipped and pending ones excluded). */
    possible: number;
    percent: number;
    /** Points of manual criteria not yet scored. */
    pending: number;
    hintPenalty: number;
  };
  problems: RunProblem[];
  gradedAt: string;
  durationMs: number;
}
