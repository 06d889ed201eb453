import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KitError } from '../errors.js';
import { attemptFilePath } from './attempt-file.js';

/**
 * The attempt a command means: the folder it was given as is, or with none, the nearest folder at
 * or above `cwd` holding `.kit/attempt.json`, the way git finds its repository from a subfolder
 * (so `kit hint` works from the attempt's `src/`). No attempt above `cwd` is a KitError.
 */
export function resolveAttemptDir(dir: string | undefined, cwd: string = process.cwd()): string {
  if (dir !== undefined) return resolve(cwd, dir);
  const start = resolve(cwd);
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(attemptFilePath(at))) return at;
    if (dirname(at) === at) break;
  }
  throw new KitError(
    'KIT_NOT_AN_ATTEMPT',
    `No attempt in "${start}" or any folder above it (no .kit/attempt.json). Run \`kit start <level>\` to create one, or name the attempt's folder, e.g. \`kit status <dir>\`.`,
  );
}
