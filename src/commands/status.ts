import { readAttempt } from '../attempt/attempt-file.js';
import { resolveAttemptDir } from '../attempt/find-attempt.js';
import { hintSequence } from '../attempt/hints.js';
import type { StatusResult, VisibleTestsState } from '../attempt/status-result.js';
import { findEditedTests } from '../attempt/tamper.js';
import type { GradeReport } from '../grading/types.js';
import { loadLevelGuide } from '../guides/load-guide.js';
import { phaseAt } from '../guides/phase-clock.js';
import { findAttemptLevel } from '../levels/level-registry.js';

/** Options of `kit status`. */
export interface StatusOptions {
  /** The attempt folder; none: the attempt at or above `cwd`. */
  dir?: string;
  cwd?: string;
  /** Run the visible tests (default true); `--no-tests` skips them. */
  tests?: boolean;
  timeoutMs?: number;
  now?: Date;
}

function summarizeTests(report: GradeReport): VisibleTestsState {
  const tests = report.criteria.flatMap((c) => c.tests);
  const count = (state: string) => tests.filter((t) => t.state === state).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    total: tests.length,
    criteria: report.criteria
      .filter((c) => c.tests.length > 0)
      .map((c) => ({
        id: c.id,
        title: c.title,
        passed: c.tests.filter((t) => t.state === 'passed').length,
        total: c.tests.filter((t) => t.state !== 'skipped').length,
      })),
    problems: report.problems.map((p) => `${p.kind}${p.file ? ` in ${p.file}` : ''}`),
    sandbox: report.sandbox,
  };
}

/**
 * `kit status [dir]`: the interview at a glance: level, the phase the clock says we are in,
 * elapsed time against the level's budget, hints used, and the visible tests run quietly
 * through the grading engine. Reads the attempt; writes nothing.
 */
export async function attemptStatus(options: StatusOptions): Promise<StatusResult> {
  const dir = resolveAttemptDir(options.dir, options.cwd);
  const attempt = await readAttempt(dir);
  const level = findAttemptLevel(attempt.level, dir);
  const now = options.now ?? new Date();
  const started = Date.parse(attempt.startedAt);
  const elapsedMs = Number.isNaN(started) ? 0 : Math.max(0, now.getTime() - started);
  const guide = await loadLevelGuide(level.id);
  let tests: VisibleTestsState | null = null;
  if (options.tests ?? true) {
    const { gradeAttempt } = await import('./grade.js');
    const timeout = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
    tests = summarizeTests(await gradeAttempt({ dir, scope: 'visible', now, ...timeout }));
  }
  return {
    dir,
    level: { id: level.id, slug: level.slug, title: level.title, minutes: level.minutes },
    startedAt: attempt.startedAt,
    elapsedMs,
    budgetMs: level.minutes * 60_000,
    phases: guide?.phases ?? null,
    phase: guide && guide.phases.length > 0 ? phaseAt(guide.phases, elapsedMs) : null,
    hints: {
      used: attempt.hints.length,
      total: guide ? hintSequence(guide.milestones).length : null,
    },
    editedTests: await findEditedTests(dir, attempt),
    tests,
  };
}
