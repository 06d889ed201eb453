import { startVitest } from 'vitest/node';

// The child process of `kit test`: runs an attempt's own test files with vitest's usual terminal
// output, the alias `#attempt/*` pointing at the attempt's src/. Watch mode re-runs on save.

interface TestChildConfig {
  root: string;
  watch: boolean;
  cacheDir: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as TestChildConfig;

process.on('disconnect', () => process.exit(process.exitCode ?? 0));

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
