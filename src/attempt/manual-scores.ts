import { KitError } from '../errors.js';
import type { ManualScore } from '../grading/score.js';
import type { Criterion, Rubric } from '../grading/types.js';
import { readAttempt, writeAttempt } from './attempt-file.js';

/** The criteria an interviewer scores by hand, in rubric order. */
export function manualCriteria(rubric: Rubric): Criterion[] {
  return rubric.criteria.filter((c) => c.kind === 'manual');
}

/** What a score may be, said to the user: `a number from 0 to 3`. */
export function allowedScores(criterion: Criterion): string {
  return `a number from 0 to ${criterion.points}`;
}

/**
 * Reads a score typed by the interviewer: a number from 0 to the criterion's points (halves and
 * other decimals allowed). Returns null for anything else.
 */
export function parseScoreValue(criterion: Criterion, raw: string): number | null {
  const text = raw.trim();
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= criterion.points ? n : null;
}

function splitAssignment(flag: string, value: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `${flag} "${value}" is not ID=VALUE, e.g. ${flag} R5=2. Run \`kit grade --help\`.`,
    );
  }
  return [value.slice(0, at).trim().toUpperCase(), value.slice(at + 1)];
}

function manualCriterion(rubric: Rubric, flag: string, value: string, id: string): Criterion {
  const criterion = rubric.criteria.find((c) => c.id.toUpperCase() === id);
  const manual = manualCriteria(rubric).map((c) => c.id);
  const list = manual.length
    ? `its manual criteria are ${manual.join(', ')}`
    : 'it has no manual criteria';
  if (!criterion) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `${flag} "${value}": ${rubric.level} has no criterion ${id}; ${list}. Run \`kit guide ${rubric.level} --section rubric\`.`,
    );
  }
  if (criterion.kind !== 'manual') {
    throw new KitError(
      'KIT_BAD_OPTION',
      `${flag} "${value}": ${id} is scored by tests, not by hand; ${list}. Run \`kit guide ${rubric.level} --section rubric\`.`,
    );
  }
  return criterion;
}

/**
 * Turns `--score R5=2` and `--note R5=...` flags into manual scores merged over the saved ones.
 * A wrong id, a value out of range or a note for a criterion never scored is a KitError naming it.
 */
export function applyScoreFlags(
  rubric: Rubric,
  saved: Record<string, ManualScore>,
  scores: string[],
  notes: string[],
): Record<string, ManualScore> {
  const result: Record<string, ManualScore> = { ...saved };
  for (const value of scores) {
    const [id, raw] = splitAssignment('--score', value);
    const criterion = manualCriterion(rubric, '--score', value, id);
    const points = parseScoreValue(criterion, raw);
    if (points === null) {
      throw new KitError(
        'KIT_BAD_OPTION',
        `--score "${value}": ${criterion.id} takes ${allowedScores(criterion)}, got "${raw}".`,
      );
    }
    result[criterion.id] = { ...result[criterion.id], points };
  }
  for (const value of notes) {
    const [id, note] = splitAssignment('--note', value);
    const criterion = manualCriterion(rubric, '--note', value, id);
    const current = result[criterion.id];
    if (!current) {
      throw new KitError(
        'KIT_BAD_OPTION',
        `--note "${value}": ${criterion.id} has no score yet. Add \`--score ${criterion.id}=<0-${criterion.points}>\`.`,
      );
    }
    const trimmed = note.trim();
    result[criterion.id] = trimmed
      ? { points: current.points, note: trimmed }
      : { points: current.points };
  }
  return result;
}

/** Saves one manual score in `.kit/attempt.json` at once (read, change, atomic write). */
export async function saveManualScore(dir: string, id: string, score: ManualScore): Promise<void> {
  const attempt = await readAttempt(dir);
  attempt.manual = { ...attempt.manual, [id]: score };
  await writeAttempt(dir, attempt);
}

/** Saves all manual scores of an attempt at once, replacing the saved ones. */
export async function saveManualScores(
  dir: string,
  manual: Record<string, ManualScore>,
): Promise<void> {
  const attempt = await readAttempt(dir);
  attempt.manual = manual;
  await writeAttempt(dir, attempt);
}
