import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KitError } from '../errors.js';
import type { ManualScore } from '../grading/score.js';
import type { LevelId } from '../grading/types.js';
import { LEVELS } from '../levels/manifest.js';

/** A hint shown to the candidate, as logged by `kit hint`. */
export interface HintUse {
  milestone: number;
  tier: number;
  at: string;
}

/** `.kit/attempt.json`: what `kit start` recorded about an attempt, and what happened since. */
export interface AttemptFile {
  schema: 'interview-kit/attempt';
  version: 1;
  level: LevelId;
  kitVersion: string;
  startedAt: string;
  /** sha256 of every file `kit start` wrote, by path relative to the attempt. */
  files: Record<string, string>;
  hints: HintUse[];
  manual: Record<string, ManualScore>;
}

/** Path of an attempt's metadata file. */
export function attemptFilePath(dir: string): string {
  return join(dir, '.kit', 'attempt.json');
}

/** sha256 of a file's bytes, hex. */
export function hashContent(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads and checks `.kit/attempt.json`; a missing or broken file is a KitError. */
export async function readAttempt(dir: string): Promise<AttemptFile> {
  const path = attemptFilePath(resolve(dir));
  if (!existsSync(path)) {
    throw new KitError(
      'KIT_NOT_AN_ATTEMPT',
      `"${resolve(dir)}" is not an attempt (no .kit/attempt.json). Run \`kit start <level>\` to create one.`,
    );
  }
  let parsed: Partial<AttemptFile>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<AttemptFile>;
  } catch (error) {
    throw new KitError(
      'KIT_ATTEMPT_BROKEN',
      `"${path}" is not valid JSON (${(error as Error).message}). Restore it or run \`kit start <level> --dir <new folder>\`.`,
    );
  }
  if (parsed.schema !== 'interview-kit/attempt' || !LEVELS.some((l) => l.id === parsed.level)) {
    throw new KitError(
      'KIT_ATTEMPT_BROKEN',
      `"${path}" does not describe an attempt of a known level. Restore it or run \`kit start <level> --dir <new folder>\`.`,
    );
  }
  return { hints: [], manual: {}, files: {}, ...parsed } as AttemptFile;
}

/** Writes `.kit/attempt.json` atomically, so an interrupted write never leaves half a file. */
export async function writeAttempt(dir: string, attempt: AttemptFile): Promise<void> {
  const path = attemptFilePath(dir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(attempt, null, 2)}\n`);
  await rename(temp, path);
}
