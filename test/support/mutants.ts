import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LevelId } from '../../src/grading/types.js';

/** One exact replacement in one file of the reference solution. */
export interface Patch {
  file: string;
  from: string;
  to: string;
}

const kitRoot = resolve(import.meta.dirname, '../..');

/**
 * Copies `solutions/<level>` to a temporary folder and applies each patch, so a test can grade a
 * known-wrong implementation without keeping a second copy of the solution in the repository.
 * A patch whose `from` text is missing, or found twice, throws: the mutant would silently be the
 * reference.
 */
export async function makeMutant(level: LevelId, patches: Patch[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `kit-mutant-${level}-`));
  await cp(join(kitRoot, 'solutions', level), dir, { recursive: true });
  for (const patch of patches) {
    const path = join(dir, patch.file);
    const text = await readFile(path, 'utf8');
    const first = text.indexOf(patch.from);
    if (first === -1 || text.indexOf(patch.from, first + 1) !== -1) {
      throw new Error(
        `Patch for ${level}/${patch.file} must match exactly once: ${JSON.stringify(patch.from)}`,
      );
    }
    await writeFile(path, text.replace(patch.from, patch.to));
  }
  return dir;
}

/** Removes a folder made by makeMutant. */
export async function removeMutant(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
