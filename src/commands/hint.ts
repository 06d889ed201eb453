import { readAttempt, writeAttempt } from '../attempt/attempt-file.js';
import { resolveAttemptDir } from '../attempt/find-attempt.js';
import type { HintListResult, HintResult } from '../attempt/hint-result.js';
import { givenHints, hintSequence, nextHint } from '../attempt/hints.js';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { loadLevelGuide } from '../guides/load-guide.js';
import type { GuideMilestone } from '../guides/parse-guide.js';
import { findAttemptLevel } from '../levels/level-registry.js';
import { loadRubric } from '../levels/load-level.js';

/** Options of `kit hint`. */
export interface HintOptions {
  /** The attempt folder; none: the attempt at or above `cwd`. */
  dir?: string;
  cwd?: string;
  now?: Date;
}

async function milestonesOf(level: LevelId): Promise<GuideMilestone[]> {
  const guide = await loadLevelGuide(level);
  if (!guide) {
    throw new KitError(
      'KIT_GUIDE_MISSING',
      `No hints for ${level}: guides/${level}.md is missing from the kit. Run \`kit guide\` to list the guides.`,
    );
  }
  return guide.milestones;
}

async function hintCostOf(level: LevelId): Promise<number> {
  return (await loadRubric(level)).hintCost ?? 0;
}

/**
 * `kit hint [dir]`: gives the attempt's next milestone hint (the milestone's nudge, then its
 * stronger hint, then the next milestone) and logs it with the time in `.kit/attempt.json`. Only
 * that file is written, atomically; the candidate's files are never touched.
 */
export async function giveHint(options: HintOptions): Promise<HintResult> {
  const dir = resolveAttemptDir(options.dir, options.cwd);
  const attempt = await readAttempt(dir);
  findAttemptLevel(attempt.level, dir);
  const milestones = await milestonesOf(attempt.level);
  const total = hintSequence(milestones).length;
  const hintCost = await hintCostOf(attempt.level);
  const next = nextHint(milestones, attempt.hints);
  if (!next)
    return { level: attempt.level, hint: null, used: attempt.hints.length, total, hintCost };
  const at = (options.now ?? new Date()).toISOString();
  attempt.hints.push({ milestone: next.milestone, tier: next.tier, at });
  await writeAttempt(dir, attempt);
  return {
    level: attempt.level,
    hint: { ...next, at },
    used: attempt.hints.length,
    total,
    hintCost,
  };
}

/** `kit hint --list`: the hints given so far, with their text and time. */
export async function listGivenHints(options: {
  dir?: string;
  cwd?: string;
}): Promise<HintListResult> {
  const attempt = await readAttempt(resolveAttemptDir(options.dir, options.cwd));
  const milestones = await milestonesOf(attempt.level);
  return {
    level: attempt.level,
    given: givenHints(milestones, attempt.hints),
    total: hintSequence(milestones).length,
    hintCost: await hintCostOf(attempt.level),
  };
}
