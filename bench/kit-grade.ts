import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldAttempt } from '../src/attempt/scaffold.js';
import { levelPaths } from '../src/levels/level-registry.js';
import { kitRoot } from '../src/paths.js';

// `kit grade` wall time on the reference solution of level2, next to a bare `vitest run` of the
// same grader files in the same run: the engine's overhead as a ratio. Targets: under 2 s, and
// under 1.5x bare vitest.

const ROUNDS = 5;
const kit = join(kitRoot, 'dist/bin/kit.js');
const vitest = join(kitRoot, 'node_modules/vitest/vitest.mjs');

function timeOnce(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: kitRoot,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dir = await mkdtemp(join(tmpdir(), 'kit-bench-grade-'));
try {
  const solution = levelPaths('level2').solution;
  const sources: Record<string, string> = {};
  for (const name of await readdir(solution))
    sources[name] = await readFile(join(solution, name), 'utf8');
  await scaffoldAttempt({ levelId: 'level2', dir, force: true, sources });

  const grade: number[] = [];
  const bare: number[] = [];
  // Alternate the two so a busy moment on the machine hits both alike.
  for (let i = 0; i < ROUNDS; i++) {
    grade.push(timeOnce([kit, 'grade', dir, '--json']));
    bare.push(
      timeOnce([vitest, 'run', '-c', 'graders/vitest.config.ts', '--reporter=dot'], {
        KIT_LEVEL: 'level2',
      }),
    );
  }
  const g = median(grade);
  const b = median(bare);
  console.log(
    `kit grade level2 (reference), median of ${ROUNDS}: ${(g / 1000).toFixed(2)} s (target < 2 s)`,
  );
  console.log(
    `bare vitest run of the same graders, median of ${ROUNDS}: ${(b / 1000).toFixed(2)} s`,
  );
  console.log(`overhead ratio: ${(g / b).toFixed(2)}x (target < 1.5x)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
