import { resolve } from 'node:path';
import { readAttempt, trustedAttemptFacts } from '../attempt/attempt-file.js';
import { applyScoreFlags, saveManualScore, saveManualScores } from '../attempt/manual-scores.js';
import { type PromptManualResult, promptManualScores } from '../attempt/prompt-manual.js';
import type { ManualScore } from '../grading/score.js';
import { loadLevelGuide } from '../guides/load-guide.js';
import { loadRubric } from '../levels/load-level.js';

/** Options of `kit grade --score ID=N --note ID=TEXT`. */
export interface ScoreFlagsOptions {
  dir: string;
  scores: string[];
  notes: string[];
}

/**
 * Checks `--score` and `--note` flags against the attempt's rubric and saves them in
 * `.kit/attempt.json`, merged over the scores saved before. Nothing is saved when a flag is wrong.
 */
export async function scoreWithFlags(
  options: ScoreFlagsOptions,
): Promise<Record<string, ManualScore>> {
  const dir = resolve(options.dir);
  const attempt = await readAttempt(dir);
  const rubric = await loadRubric(attempt.level);
  const { manual: saved } = await trustedAttemptFacts(attempt);
  const manual = applyScoreFlags(rubric, saved, options.scores, options.notes);
  await saveManualScores(dir, manual);
  return manual;
}

/** Options of `kit grade --interactive`: the attempt and the terminal's streams. */
export interface ScoreInteractiveOptions {
  dir: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  signal?: AbortSignal;
  color?: boolean;
}

/**
 * `kit grade --interactive`: prompts for every manual criterion of the attempt's level with the
 * guide's "what to look for" text, saving each answer in `.kit/attempt.json` as it is given.
 */
export async function scoreInteractively(
  options: ScoreInteractiveOptions,
): Promise<PromptManualResult> {
  const dir = resolve(options.dir);
  const attempt = await readAttempt(dir);
  const [rubric, guide] = await Promise.all([
    loadRubric(attempt.level),
    loadLevelGuide(attempt.level),
  ]);
  const lookFor: Record<string, string> = {};
  for (const row of guide?.rubric ?? []) if (row.lookFor) lookFor[row.id] = row.lookFor;
  return promptManualScores({
    rubric,
    lookFor,
    saved: attempt.manual,
    input: options.input,
    output: options.output,
    save: (id, score) => saveManualScore(dir, id, score),
    ...(options.signal ? { signal: options.signal } : {}),
    color: options.color ?? false,
  });
}
