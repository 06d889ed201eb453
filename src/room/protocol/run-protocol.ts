import type { GradeReport, RunProblem, TestOutcome } from '../../grading/types.js';

/**
 * The room's messages about runs: what a run grades, how it ended, what each role sees of it, and
 * the requests to cancel and share one. protocol.ts adds them to its unions.
 */

/** What `scope` a run grades: the visible tests, or everything `kit grade` runs. */
export type RunScope = 'visible' | 'all';

/** Who started, cancelled or shared a run, as the protocol names a participant. */
export interface RunPeer {
  id: string;
  role: 'interviewer' | 'candidate' | 'observer';
  name: string;
}

/** Why a run ended before its tests did: someone cancelled it, or it reached its time limit. */
export type RunStopped =
  | { reason: 'cancelled'; by: RunPeer }
  | { reason: 'limit'; limitMs: number };

/** What the run printed, cut at `limits.maxRunOutputBytes` (`cut` says whether it was). */
export interface RunOutput {
  text: string;
  cut: boolean;
}

/**
 * A candidate's own visible-test run as the candidate sees it: the tests they have and how each
 * went, nothing of the rubric (no criterion titles, no points, no total).
 */
export interface CandidateTestView {
  tests: Pick<TestOutcome, 'name' | 'file' | 'state' | 'errors' | 'durationMs'>[];
  passed: number;
  failed: number;
  skipped: number;
  /** Problems of the run as a whole (a timeout, a file that did not load), hidden files' left out. */
  problems: Pick<RunProblem, 'kind' | 'message' | 'file'>[];
  sandbox: GradeReport['sandbox'];
}

/**
 * The outcome of one run, as the server keeps it (the interviewer's view) and as each role
 * receives it: the interviewer gets everything; an observer gets `report` without hidden tests'
 * names, errors, notes or the integrity section; a candidate gets `tests` for their own
 * visible-test runs, the redacted `report` of a run the interviewer shared, and `withheld` for
 * any other run. Paths in every text are relative to the attempt.
 */
export interface RunOutcome {
  runId: number;
  scope: RunScope;
  by: RunPeer;
  startedAt: string;
  finishedAt: string;
  /** Present when grading ran (whatever the score); the candidate's copy lacks it unless shared. */
  report?: GradeReport;
  /** A candidate's copy of their own visible-test run. */
  tests?: CandidateTestView;
  /** Present when grading could not run (a crash of the runner, the server stopped). */
  error?: string;
  /** Set when the run was cancelled or reached its time limit. */
  stopped?: RunStopped;
  /** What the run printed; never in a candidate's copy of a run that is not their own. */
  output?: RunOutput;
  /** When and by whom the interviewer shared this run's grade with the candidate. */
  shared?: { at: string; by: RunPeer };
  /** A candidate's copy of a run whose result is the interviewer's to share: no result at all. */
  withheld?: true;
}

/** The run in progress, as `welcome.running` shows it. */
export interface RunningRun {
  runId: number;
  scope: RunScope;
  by: RunPeer;
  /** ISO time it started: the page counts the elapsed time from it. */
  at: string;
  /** Its time limit in milliseconds. */
  limitMs: number;
  /** What it printed so far, for those who may see its output (a page that joins mid-run). */
  output?: RunOutput;
}

/** The one who started the run, or the interviewer: stop the run in progress. */
export interface RunCancelRequest {
  type: 'run.cancel';
  runId: number;
}

/** Interviewer only: show a finished run's grade to the candidate (recorded; cannot be undone). */
export interface RunShareRequest {
  type: 'run.share';
  runId: number;
}

/** Run requests besides `run.request` (which protocol.ts defines). */
export type RunClientMessage = RunCancelRequest | RunShareRequest;

/** The `type` values of `RunClientMessage`. */
export const RUN_CLIENT_TYPES = [
  'run.cancel',
  'run.share',
] as const satisfies readonly RunClientMessage['type'][];

/**
 * More of what the run in progress printed, to those who may see its output: appended to the
 * console as is. `cut` is set once, on the last chunk kept before the cap.
 */
export interface RunOutputMessage {
  type: 'run.output';
  runId: number;
  text: string;
  cut?: true;
}

/** A run's grade was shared with the candidate: `run` as the receiver may now see it. */
export interface RunSharedMessage {
  type: 'run.shared';
  run: RunOutcome;
}

/** Server messages about runs besides `run.started` and `run.result`. */
export type RunServerMessage = RunOutputMessage | RunSharedMessage;
