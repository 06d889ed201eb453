import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KitError } from '../errors.js';

// A folder named as an attempt but holding no `.kit/attempt.json` is most often one that came
// back from a candidate: a zip tool that skips hidden folders dropped `.kit/`, or unpacking put
// the attempt one folder down. Saying which, and what to do, beats a bare "not an attempt".

const isDir = (path: string): boolean =>
  statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** The one folder inside `dir` that holds an attempt, or null. */
function onlyAttemptInside(dir: string): string | null {
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((name) => !name.startsWith('.') && isDir(join(dir, name)));
  } catch {
    return null;
  }
  const inside = entries.filter((name) => existsSync(join(dir, name, '.kit', 'attempt.json')));
  return inside.length === 1 && entries.length === 1 ? join(dir, entries[0] ?? '') : null;
}

/**
 * The KitError for a folder `dir` (absolute) without `.kit/attempt.json`: KIT_ATTEMPT_RECORD_MISSING
 * when it looks like an attempt that lost its record (a `.kit/` without the file, or `src/` and
 * `test/` without `.kit/`), else KIT_NOT_AN_ATTEMPT, naming the attempt inside it if there is one.
 */
export function missingRecordError(dir: string): KitError {
  // The .kit/ of the attempt as it was sent is the same record (the candidate's work is in src/).
  const ask =
    'ask for it again with .kit/ included, or copy .kit/ over from the attempt as you sent it (the folder `kit start` made, or your bundle unpacked)';
  if (isDir(join(dir, '.kit'))) {
    return new KitError(
      'KIT_ATTEMPT_RECORD_MISSING',
      `"${dir}" has a .kit/ folder but no .kit/attempt.json in it: the attempt's record was deleted or left out when the folder was copied; ${ask}.`,
    );
  }
  if (isDir(join(dir, 'src')) && isDir(join(dir, 'test'))) {
    return new KitError(
      'KIT_ATTEMPT_RECORD_MISSING',
      `"${dir}" has src/ and test/ but no .kit/attempt.json: the folder may have lost its hidden .kit/ folder when it was zipped; ${ask}.`,
    );
  }
  const inside = onlyAttemptInside(dir);
  if (inside) {
    return new KitError(
      'KIT_NOT_AN_ATTEMPT',
      `"${dir}" is not an attempt, but the one folder in it is (unpacking put it one level down): name that folder, e.g. \`kit grade "${inside}"\`.`,
    );
  }
  return new KitError(
    'KIT_NOT_AN_ATTEMPT',
    `"${dir}" is not an attempt (no .kit/attempt.json). Run \`kit start <level>\` to create one.`,
  );
}
