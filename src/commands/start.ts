import { resolve } from 'node:path';
import { type ScaffoldResult, scaffoldAttempt } from '../attempt/scaffold.js';
import { findLevel } from '../levels/level-registry.js';

/** Options of `kit start`. */
export interface StartOptions {
  level: string;
  /** Target folder; defaults to `./<level id>-attempt`. */
  dir?: string;
  force?: boolean;
  /** A self-contained attempt to copy to the candidate's machine (`npm install && npm test`). */
  portable?: boolean;
  cwd?: string;
}

/** `kit start <level>`: scaffolds an attempt of a level (by id or slug), portable or linked. */
export async function startAttempt(options: StartOptions): Promise<ScaffoldResult> {
  const level = findLevel(options.level);
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir ?? `${level.id}-attempt`);
  return scaffoldAttempt({
    levelId: level.id,
    dir,
    force: options.force ?? false,
    portable: options.portable ?? false,
  });
}
