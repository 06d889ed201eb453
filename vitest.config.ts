import { defineConfig } from 'vitest/config';

// The kit's own tests. Level graders are not run from here: `kit verify` runs them through the
// grading engine against the starters and the reference solutions.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
