import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Vitest } from 'vitest/node';
import type { ChildConfig } from './child-protocol.js';

const CODE = /\.[cm]?[jt]sx?$/;
/** A bound on the files read from one folder: a candidate's thousand files cost no more. */
const MAX_PER_FOLDER = 200;

/** The code files of a folder and its subfolders, test files and node_modules left out. */
function codeFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && CODE.test(e.name) && !/\.test\.[cm]?[jt]sx?$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .filter((path) => !path.includes(`${join('/', 'node_modules')}/`))
      .slice(0, MAX_PER_FOLDER);
  } catch {
    return [];
  }
}

/**
 * The modules a run's workers will ask this thread for, in the order they need them: the setup
 * files, the graded code and the graders' helpers, each grader file, then its canaries.
 */
export function modulesToWarm(config: ChildConfig, virtualPrefix: string): string[] {
  const folders = new Set([config.implDir, ...config.files.map(dirname)]);
  const helpers = [...folders].flatMap(codeFiles);
  const canaries = config.files.map((_, i) => `${virtualPrefix}${i}`);
  return [...new Set([...config.setupFiles, ...helpers, ...config.files, ...canaries])];
}

/**
 * Transforms every module the graders will import while the first workers start. A worker
 * evaluates a file's imports one after another, each a round trip to this thread, which
 * transforms a module on its first request: both workers then waited on that chain, and at the
 * start of a level2 run the two cores sat idle for a quarter of a second. Transforming (not
 * running) the graded code here is what the run does anyway; a file that fails to transform
 * fails later, when a grader imports it, as it always did.
 */
export function warmModules(vitest: Vitest, urls: string[]): void {
  const ssr = vitest.vite.environments.ssr;
  if (!ssr) return;
  for (const url of urls) void ssr.warmupRequest(url).catch(() => {});
}
