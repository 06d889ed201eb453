import type { GradeReport, LevelId } from '../grading/types.js';
import type { GuidePhase } from '../guides/parse-guide.js';
import type { PhaseAt } from '../guides/phase-clock.js';

/** The visible tests' state, as the engine graded them. */
export interface VisibleTestsState {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  /** Criteria with their visible tests passed out of run, e.g. `R1 2/3`. */
  criteria: { id: string; title: string; passed: number; total: number }[];
  /** Problems of the run (a file that failed to load, a timeout). */
  problems: string[];
  /** The jail the tests ran in; `none` when the host has none. */
  sandbox: GradeReport['sandbox'];
}

/** What `kit status` shows. */
export interface StatusResult {
  dir: string;
  level: { id: LevelId; slug: string; title: string; minutes: number };
  startedAt: string;
  elapsedMs: number;
  budgetMs: number;
  /** The guide's phases and where the clock puts us; null when the level has no guide yet. */
  phases: GuidePhase[] | null;
  phase: PhaseAt | null;
  hints: { used: number; total: number | null };
  editedTests: string[];
  tests: VisibleTestsState | null;
}
