import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Runs the performance proofs (scripts/perf-proof.mjs): many gradings of one performance grader's
// measurement in a row, outside `npm test` because they take minutes.
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['scripts/perf-proof/*.proof.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 3_600_000,
  },
});
