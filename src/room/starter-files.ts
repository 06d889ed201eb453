import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { levelPaths } from '../levels/level-registry.js';

/** Reads a level's starter sources (levels/<id>/src/*.ts), keyed by file name. */
export function readStarterFiles(levelId: LevelId): Record<string, string> {
  const dir = levelPaths(levelId).starter;
  if (!existsSync(dir)) {
    throw new KitError('KIT_LEVEL_NOT_FOUND', `Level "${levelId}" has no starter in ${dir}.`);
  }
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.ts')) files[name] = readFileSync(`${dir}/${name}`, 'utf8');
  }
  return files;
}
