import { startVitest } from 'vitest/node';
import { readChildConfig } from '../sandbox/child-config.js';
import type { TestChildConfig } from './child-protocol.js';

// The child process of `kit test`: runs an attempt's own test files with vitest's usual terminal
// output, the alias `#attempt/*` pointing at the attempt's src/. Watch mode re-runs on save. It
// runs in the sandbox (spawnSandboxed), which ends it when the parent goes.

const config = readChildConfig<TestChildConfig>();

const vitest = await startVitest(
  'test',
  [],
  {
    root: config.root,
    config: false,
    watch: config.watch,
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
  {
    cacheDir: config.cacheDir,
    resolve: { alias: [{ find: /^#attempt\/(.*)$/, replacement: `${config.root}/src/$1` }] },
  },
);
if (!config.watch) {
  await vitest.close();
  process.exit(process.exitCode ?? 0);
}
