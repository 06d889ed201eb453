// @ts-check
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Mutation testing of one level's graders: Stryker mutates the reference solution, and each mutant
// must fail at least one grader. `npm run mutation -- level1` runs it through scripts/mutation.mjs,
// which also checks the target; `KIT_LEVEL=level1 npx stryker run` runs this config alone.

/** The solution files a candidate writes: those the starter lacks or ships unfinished. */
export function candidateFiles(level) {
  const starter = join('levels', level, 'src');
  const solution = join('solutions', level);
  const starterFiles = new Set(readdirSync(starter));
  return readdirSync(solution)
    .filter((name) => name.endsWith('.ts'))
    .filter(
      (name) =>
        !starterFiles.has(name) ||
        readFileSync(join(starter, name), 'utf8') !== readFileSync(join(solution, name), 'utf8'),
    )
    .map((name) => `${solution}/${name}`);
}

/** Stryker's options for one level. */
export function mutationConfig(level) {
  /** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
  const config = {
    testRunner: 'vitest',
    vitest: { configFile: 'scripts/mutation/vitest.config.ts', related: false },
    coverageAnalysis: 'perTest',
    mutate: candidateFiles(level),
    // The machine is shared; each worker runs a whole grader suite with real sockets.
    concurrency: 2,
    // A mutant that makes a grader wait out its bounded wait is slow, not hung: give it room.
    timeoutMS: 15_000,
    reporters: ['clear-text', 'progress', 'json'],
    jsonReporter: { fileName: `reports/mutation/${level}.json` },
    // The sandbox needs the graders, the solutions, the starters and the configs, nothing else.
    // Anchored with '/': a bare 'test' would also drop levels/<level>/test, the visible graders.
    ignorePatterns: [
      '/dist',
      '/web',
      '/bench',
      '/docs',
      '/test',
      '/guides',
      '/bin',
      '/.ci',
      '/reports',
    ],
    cleanTempDir: 'always',
    thresholds: { high: 100, low: 90 },
  };
  return config;
}

const level = process.env.KIT_LEVEL;
export default level === undefined ? {} : mutationConfig(level);
