import { resolve } from 'node:path';
import type { RecordState } from '../grading/types.js';
import type { AttemptFile } from './attempt-file.js';
import { readInterviewerCopy } from './interviewer-copy.js';

/**
 * Where an attempt was made, said to the interviewer when it is not the folder being graded: a
 * portable attempt or bundle this kit made and that came back (unzipped, cloned) elsewhere, or one
 * made on another machine, whose record this kit cannot verify. Null for an attempt graded where
 * `kit start` made it.
 */
export async function describeOrigin(
  attempt: AttemptFile,
  dir: string,
  record: RecordState,
): Promise<string | null> {
  const what = attempt.portable ? 'a portable attempt' : 'an attempt';
  if (record === 'foreign') {
    return `Made on another machine (${what} signed by another kit's key); record not verified.`;
  }
  const foreign = attempt.outsideEdits?.find((e) => e.state === 'foreign');
  if (foreign) {
    return `Made on another machine (${what} signed by another kit's key, first graded here ${foreign.seenAt}); record not verified then.`;
  }
  const copy = attempt.id ? await readInterviewerCopy(attempt.id) : null;
  const verdict =
    record === 'signed' ? 'its record verifies' : 'its record does not verify (see below)';
  if (!copy) {
    return attempt.portable
      ? `A portable attempt this kit has no copy of (made elsewhere); record ${record}.`
      : null;
  }
  const madeIn = copy.madeIn ?? copy.dir;
  if (!copy.bundle && resolve(madeIn) === resolve(dir)) return null;
  const made = copy.bundle
    ? `bundled by this kit into ${copy.bundle.file} (sha256 ${copy.bundle.sha256})`
    : `made by this kit in ${madeIn}`;
  return `Made elsewhere: ${what} ${made}, graded from this folder; ${verdict}.`;
}
