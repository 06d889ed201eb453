import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The vitest config Stryker runs a level's graders with (see scripts/mutation.mjs). Stryker copies
// the kit to a sandbox and mutates solutions/<level> there, so `#attempt/*` must point at the
// sandbox's own copy: the paths resolve from this file, which the sandbox copies too. Performance
// graders (timing) and the real-Redis graders are left out: a mutant must die by behaviour.
const root = resolve(import.meta.dirname, '../..');
const level = process.env.KIT_LEVEL;
if (level === undefined || !existsSync(resolve(root, 'graders', level))) {
  throw new Error(`KIT_LEVEL must name a level with graders, got ${JSON.stringify(level)}`);
}
const solution = resolve(root, 'solutions', level);

export default defineConfig({
  root,
  resolve: {
    alias: [{ find: /^#attempt\/(.*)$/, replacement: `${solution}/$1` }],
  },
  test: {
    include: [`levels/${level}/test/**/*.test.ts`, `graders/${level}/**/*.test.ts`],
    exclude: ['**/performance.test.ts', '**/redis.test.ts', '**/node_modules/**'],
    pool: 'threads',
    // As in the kit's engine: the trusted clock is evaluated before any graded module.
    setupFiles: [resolve(root, 'graders/support/trusted-clock.ts')],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
