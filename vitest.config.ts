import { configDefaults, defineConfig } from 'vitest/config';

// The kit's own tests. Level graders are not run from here: `kit verify` runs them through the
// grading engine against the starters and the reference solutions.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixtures hold levels and attempts with tests of their own (a level pack's graders, honest
    // and cheating attempts): the tests that use them run them through the kit, not from here.
    exclude: [...configDefaults.exclude, 'test/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
