import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AttemptFile, hashContent } from './attempt-file.js';

/**
 * The visible test files an attempt changed or removed since `kit start`. Grading always runs the
 * kit's own copies; this only tells the interviewer that the candidate's local run may differ.
 */
export async function findEditedTests(dir: string, attempt: AttemptFile): Promise<string[]> {
  const edited: string[] = [];
  for (const [file, expected] of Object.entries(attempt.files)) {
    if (!file.startsWith('test/')) continue;
    const actual = await readFile(join(dir, file)).then(hashContent, () => null);
    if (actual !== expected) edited.push(actual === null ? `${file} (deleted)` : file);
  }
  return edited.sort();
}
