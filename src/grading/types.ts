// A level's own types live with the levels, the source scan's with the scan (neither src/levels
// nor src/integrity imports src/grading); re-exported here so graders, rubrics and the engine
// name them from one place.
import type { IntegrityFlag } from '../integrity/integrity-flag.js';
import type { CriterionKind, LevelId, Visibility } from '../levels/level-types.js';

export type { IntegrityFlag, IntegrityRule } from '../integrity/integrity-flag.js';
export type {
  Criterion,
  CriterionKind,
  LevelId,
  Rubric,
  Visibility,
} from '../levels/level-types.js';

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

/** A problem with the run as a whole: a file that failed to load, a timeout, a crash, forgery. */
export interface RunProblem {
  kind:
    | 'timeout'
    | 'load-error'
    | 'crash'
    | 'unhandled-error'
    | 'unmapped-test'
    | 'tampered'
    /** The run reached one of the jail's limits (memory, processes, file size, output). */
    | 'limit';
  message: string;
  file?: string;
}

/** What the engine saw that a run it can trust never does. */
export type TamperKind =
  | 'forged-message'
  | 'unknown-file'
  | 'duplicate-file'
  | 'unknown-test'
  | 'missing-test'
  | 'canary-missing'
  | 'canary-passed'
  | 'died-after-end'
  | 'killed-from-inside';

/** One sign that a run's results were forged; the auto criteria of its files score 0. */
export interface TamperFinding {
  kind: TamperKind;
  /** Grader files whose results it puts in doubt, relative to the kit (every file when unknown). */
  files: string[];
  message: string;
}

/** State of `.kit/attempt.json` as the kit found it. */
export type RecordState =
  /** Signed by this user's kit and the same as the kit last wrote it. */
  | 'signed'
  /** Changed outside the kit since it was signed (or signed with another user's key). */
  | 'edited'
  /** A signed copy older than the one the kit last wrote: hints or scores rolled back. */
  | 'replaced'
  /** Written by a kit before signing existed, or the signature was removed. */
  | 'unsigned'
  /** Signed by another user's kit (the candidate's own machine): this kit cannot check it. */
  | 'foreign';

/** The `integrity` section of a GradeReport. */
export interface IntegrityReport {
  /** True when the run reported something the kit could not trust. */
  tampered: boolean;
  findings: TamperFinding[];
  /** Source scan flags, for the interviewer; advisory. */
  flags: IntegrityFlag[];
  /** `.kit/attempt.json`; null when what was graded is not an attempt folder (a room run). */
  record: RecordState | null;
  /** Set in a report redacted for a candidate or observer: nothing of this section is shown. */
  withheld?: boolean;
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
  /** Its results came from a file whose run was tampered with: it scores 0. */
  tampered?: boolean;
}

/** The one object every grade renderer, `--json` and the room show. */
export interface GradeReport {
  schema: 'interview-kit/grade-report';
  /** 2 added `integrity` (and `sandbox`). */
  version: 2;
  kit: { version: string; node: string };
  /** The jail the graders ran in; `none` when the host has none (they ran unconfined). */
  sandbox: 'bwrap' | 'none';
  level: {
    id: LevelId;
    slug: string;
    title: string;
    /**
     * A level of a pack (not of the kit): the pack's name and the sha256 of the manifest, rubric,
     * visible tests and graders that graded it, read before the run (src/levels/pack-digest.ts).
     */
    pack?: { name: string; sha256: string };
  };
  /** `all` runs visible and hidden graders; `visible` runs what the candidate has. */
  scope: 'all' | 'visible';
  attempt: {
    dir: string;
    startedAt: string | null;
    elapsedMs: number | null;
    hintsUsed: number;
    /** Visible test files edited since `kit start`, relative to the attempt. */
    editedTests: string[];
    /** Where the attempt was made, when not in the graded folder (a portable attempt come back). */
    origin?: string;
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
  integrity: IntegrityReport;
  gradedAt: string;
  durationMs: number;
}
