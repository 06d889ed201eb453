import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkRecord, readAttempt, trustedAttemptFacts } from '../attempt/attempt-file.js';
import { describeOrigin } from '../attempt/attempt-origin.js';
import { linkKitPackages } from '../attempt/scaffold.js';
import { findEditedTests } from '../attempt/tamper.js';
import { KitError } from '../errors.js';
import type { GradeReport } from '../grading/types.js';
import { verifyKitManifest } from '../integrity/kit-manifest.js';
import { findAttemptLevel } from '../levels/level-registry.js';
import { kitRoot } from '../paths.js';
import { detectSandbox } from '../sandbox/detect-sandbox.js';

/** Options of `kit grade`. */
export interface GradeOptions {
  dir: string;
  /** Hard limit for the grading run. */
  timeoutMs?: number;
  /** Only the visible tests (what `kit test` runs), scored the same way. */
  scope?: 'all' | 'visible';
  now?: Date;
}

/**
 * `kit grade [dir]`: grades an attempt with every grader of its level, the kit's own copies, and
 * returns the GradeReport. Reading the attempt and its metadata never changes them.
 */
export async function gradeAttempt(options: GradeOptions): Promise<GradeReport> {
  const dir = resolve(options.dir);
  // Started first: the jail probe (once per process) and the engine's modules load while the
  // attempt is read and the kit checks itself. Loaded here, not at the top: `kit --help` must not
  // pay for the grading engine.
  void detectSandbox();
  const engine = import('../grading/grade.js');
  engine.catch(() => {});
  const attempt = await readAttempt(dir);
  findAttemptLevel(attempt.level, dir);
  // Graders or a scorer rewritten since the build would grade anyone as they please. Checked while
  // the jail starts (the kit's files are read-only in it): a mismatch stops the run, and nothing
  // is scored.
  const selfCheck = verifyKitManifest(kitRoot);
  selfCheck.catch(() => {});
  try {
    const src = join(dir, 'src');
    if (!existsSync(src)) {
      throw new KitError(
        'KIT_ATTEMPT_BROKEN',
        `Attempt "${dir}" has no src/ folder. Restore it, or start again with \`kit start ${attempt.level} --dir <new folder>\`.`,
      );
    }
    // A portable attempt runs with its own npm packages off this machine; here the kit's are used
    // and its folder is not touched (no link is added to it).
    if (!attempt.portable) await linkKitPackages(dir);
    // The record's signature and the interviewer's own copy: manual scores and hints come from the
    // kit's side, so a rewritten record changes neither.
    const [record, facts] = await Promise.all([checkRecord(attempt), trustedAttemptFacts(attempt)]);
    const now = options.now ?? new Date();
    const started = Date.parse(attempt.startedAt);
    const { gradeImplementation } = await engine;
    const origin = await describeOrigin(attempt, dir, record);
    const report = await gradeImplementation({
      selfCheck,
      levelId: attempt.level,
      implDir: src,
      scope: options.scope ?? 'all',
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      manual: facts.manual,
      record,
      attempt: {
        dir,
        startedAt: attempt.startedAt,
        elapsedMs: Number.isNaN(started) ? null : Math.max(0, now.getTime() - started),
        hintsUsed: facts.hintsUsed,
        editedTests: await findEditedTests(dir, attempt),
      },
    });
    if (origin) report.attempt.origin = origin;
    return report;
  } catch (error) {
    // A kit that fails its self-check says so first, whatever else went wrong.
    await selfCheck;
    throw error;
  }
}

/** Whether a report meets a `--min-score` percentage. */
export function meetsMinScore(report: GradeReport, minPercent: number): boolean {
  return report.total.percent >= minPercent;
}
