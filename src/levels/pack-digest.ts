import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LevelInfo } from './level-registry.js';

async function filesUnder(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => null);
  if (entries === null) return [path];
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * The sha256 of what grading a pack's level trusts: its manifest, rubric, visible tests and
 * graders (with the pack's `graders/support`), each file's path and bytes. The kit's own levels are
 * covered by its build manifest; a pack's are not, so a report names the pack and this digest,
 * taken before the run, and two reports with the same digest were graded by the same files.
 */
export async function packDigest(level: LevelInfo): Promise<string> {
  const { paths } = level;
  const roots = [
    paths.manifest,
    paths.rubric,
    paths.visibleTests,
    paths.graders,
    join(paths.graders, '..', 'support'),
  ];
  const files = [...new Set((await Promise.all(roots.map(filesUnder))).flat())].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = await readFile(file);
    hash.update(`${relative(paths.root, file)}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}
