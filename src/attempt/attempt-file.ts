import { createHash, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KitError } from '../errors.js';
import type { ManualScore } from '../grading/score.js';
import type { LevelId, RecordState } from '../grading/types.js';
import type { HintUse } from './hints.js';
import { readInterviewerCopy, saveInterviewerCopy } from './interviewer-copy.js';
import { missingRecordError } from './missing-record.js';
import { hasValidSignature, signRecord } from './sign-record.js';
import { loadSigningKey } from './signing-key.js';

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
  /** Made by `kit start --portable` or `kit bundle`: meant to be copied off this machine. */
  portable?: true;
  /** Random id, the key of the interviewer's copy in the kit's config folder. */
  id?: string;
  /** Which user's key signed it: the first 16 hex digits of the key's sha256. */
  signedBy?: string;
  /**
   * Changes found made outside the kit, kept (signed) once the kit writes the record again; and
   * `foreign` when the record came signed by another machine's kit, which this kit could not check.
   */
  outsideEdits?: { state: RecordState; seenAt: string }[];
  /** `hmac-sha256:<hex>` over every other field, with this user's key. */
  signature?: string;
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
  if (statSync(resolve(dir), { throwIfNoEntry: false })?.isFile()) {
    // A bundle or a zip sent back as is: the folder inside is the attempt.
    throw new KitError(
      'KIT_NOT_AN_ATTEMPT',
      `"${resolve(dir)}" is a file, not an attempt folder. Unpack it first (\`tar -xzf\` or \`unzip\`), then name the folder it holds, e.g. \`kit grade <folder>\`.`,
    );
  }
  if (!existsSync(path)) throw missingRecordError(resolve(dir));
  let parsed: Partial<AttemptFile>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<AttemptFile>;
  } catch (error) {
    throw new KitError(
      'KIT_ATTEMPT_BROKEN',
      `"${path}" is not valid JSON (${(error as Error).message}). Restore it or run \`kit start <level> --dir <new folder>\`.`,
    );
  }
  if (parsed.schema !== 'interview-kit/attempt' || typeof parsed.level !== 'string') {
    throw new KitError(
      'KIT_ATTEMPT_BROKEN',
      `"${path}" does not describe an attempt of a known level. Restore it or run \`kit start <level> --dir <new folder>\`.`,
    );
  }
  return { hints: [], manual: {}, files: {}, ...parsed } as AttemptFile;
}

/** This user's signing key, or null when the config folder cannot be written. */
async function userKey(): Promise<Buffer | null> {
  return loadSigningKey().catch(() => null);
}

function keyId(key: Buffer): string {
  return hashContent(key).slice(0, 16);
}

/**
 * Checks a record against this user's key and the interviewer's copy: `signed` when it is what
 * the kit last wrote; `edited` when changed outside the kit; `replaced` when it is an older signed
 * copy (hints or scores rolled back); `unsigned` from a kit before signing; `foreign` when another
 * user's kit signed it, which this one cannot check.
 */
export async function checkRecord(attempt: AttemptFile): Promise<RecordState> {
  const key = await userKey();
  // No config folder to keep a key in (a read-only home): nothing can be checked here.
  if (key === null) return typeof attempt.signature === 'string' ? 'foreign' : 'unsigned';
  const copy = attempt.id ? await readInterviewerCopy(attempt.id) : null;
  if (typeof attempt.signature !== 'string') return copy ? 'edited' : 'unsigned';
  if (attempt.signedBy !== undefined && attempt.signedBy !== keyId(key) && !copy) return 'foreign';
  if (!hasValidSignature(attempt, key)) return 'edited';
  if (copy && copy.signature !== attempt.signature) return 'replaced';
  const seen = attempt.outsideEdits?.map((e) => e.state) ?? [];
  if (seen.includes('edited')) return 'edited';
  if (seen.includes('replaced')) return 'replaced';
  return 'signed';
}

/**
 * What the interviewer's side knows of an attempt: its manual scores and hints from the kit's own
 * copy when there is one (a rewritten record cannot replace them), else from the record.
 */
export async function trustedAttemptFacts(
  attempt: AttemptFile,
): Promise<{ manual: Record<string, ManualScore>; hintsUsed: number }> {
  const copy = attempt.id ? await readInterviewerCopy(attempt.id) : null;
  if (!copy) return { manual: attempt.manual, hintsUsed: attempt.hints.length };
  return { manual: copy.manual, hintsUsed: Math.max(copy.hints.length, attempt.hints.length) };
}

/**
 * Writes `.kit/attempt.json` atomically (an interrupted write never leaves half a file), signed
 * with this user's key, and saves the interviewer's copy. A record found changed outside the kit
 * keeps that fact, signed, so writing it again does not launder the change. `fresh` is for a new
 * attempt, which has no history.
 */
export async function writeAttempt(
  dir: string,
  attempt: AttemptFile,
  options: { fresh?: boolean } = {},
): Promise<void> {
  const key = await userKey();
  if (!options.fresh && existsSync(attemptFilePath(dir))) {
    // What is on disk now, before this write: the caller's copy already holds its own change.
    const state = await checkRecord(await readAttempt(dir));
    // `foreign` too: once this kit signs the record, that it came from another machine unverified
    // must not be forgotten.
    if (state === 'edited' || state === 'replaced' || state === 'foreign') {
      attempt.outsideEdits = [
        ...(attempt.outsideEdits ?? []),
        { state, seenAt: new Date().toISOString() },
      ];
    }
  }
  attempt.id ??= randomUUID();
  if (key !== null) {
    attempt.signedBy = keyId(key);
    attempt.signature = signRecord(attempt, key);
  }
  const path = attemptFilePath(dir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(attempt, null, 2)}\n`);
  await rename(temp, path);
  if (key === null || attempt.signature === undefined) return;
  // Where the attempt was made, and the bundle it went out as, outlive later writes elsewhere.
  const before = options.fresh ? null : await readInterviewerCopy(attempt.id);
  await saveInterviewerCopy({
    id: attempt.id,
    dir: resolve(dir),
    signature: attempt.signature,
    hints: attempt.hints,
    manual: attempt.manual,
    savedAt: new Date().toISOString(),
    ...(options.fresh ? { madeIn: resolve(dir) } : before?.madeIn ? { madeIn: before.madeIn } : {}),
    ...(before?.bundle ? { bundle: before.bundle } : {}),
  });
}
