import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Runs one level's graders with plain vitest, outside the kit's engine. Authors use it while
// writing graders; the benchmark uses it as the bare-vitest baseline.
//   KIT_LEVEL=level2 [KIT_IMPL=levels/level2/src] npx vitest run -c graders/vitest.config.ts
const root = resolve(import.meta.dirname, '..');
const level = process.env.KIT_LEVEL ?? 'level2';
const impl = resolve(root, process.env.KIT_IMPL ?? `solutions/${level}`);

export default defineConfig({
  root,
  resolve: {
    alias: [{ find: /^#attempt\/(.*)$/, replacement: `${impl}/$1` }],
  },
  test: {
    include: [`levels/${level}/test/**/*.test.ts`, `graders/${level}/**/*.test.ts`],
    pool: 'threads',
    // As in the kit's engine: the trusted clock is evaluated before any graded module.
    setupFiles: [resolve(root, 'graders/support/trusted-clock.ts')],
    testTimeout: 20_000,
  },
});
