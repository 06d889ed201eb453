import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManualScore } from '../grading/score.js';
import { ensureKitConfigDir, kitConfigDir } from './config-dir.js';
import type { HintUse } from './hints.js';

/**
 * The interviewer's copy of an attempt record, kept in the kit's config folder under the attempt's
 * id: the signature the kit last wrote, the hints and the manual scores. The candidate's folder is
 * not their only home, so a rolled-back or rewritten `.kit/attempt.json` cannot erase them.
 */
export interface InterviewerCopy {
  id: string;
  dir: string;
  signature: string;
  hints: HintUse[];
  manual: Record<string, ManualScore>;
  savedAt: string;
  /** The folder `kit start` made the attempt in; kept when later writes happen elsewhere. */
  madeIn?: string;
  /** The file `kit bundle` packed the attempt into, and that file's sha256. */
  bundle?: { file: string; sha256: string };
}

function copyPath(id: string): string {
  // The id is the kit's own UUID; anything else cannot name a file outside the folder.
  return join(kitConfigDir(), 'attempts', `${id.replace(/[^0-9a-zA-Z-]/g, '_')}.json`);
}

/** Reads the interviewer's copy of an attempt, or null when this user's kit never wrote one. */
export async function readInterviewerCopy(id: string): Promise<InterviewerCopy | null> {
  const text = await readFile(copyPath(id), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as InterviewerCopy;
  } catch {
    return null;
  }
}

/** Saves the interviewer's copy of an attempt atomically (owner-only files). */
export async function saveInterviewerCopy(copy: InterviewerCopy): Promise<void> {
  await ensureKitConfigDir();
  await mkdir(join(kitConfigDir(), 'attempts'), { recursive: true, mode: 0o700 });
  const path = copyPath(copy.id);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(copy, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}
