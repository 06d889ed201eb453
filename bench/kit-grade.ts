import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldAttempt } from '../src/attempt/scaffold.js';
import { levelPaths } from '../src/levels/level-registry.js';
import { kitRoot } from '../src/paths.js';

// `kit grade` wall time on the reference solution of level2 (jail, canaries, a fresh realm per
// grader file, the integrity scan, the self-check: everything a real grade does), next to a bare
// `vitest run` of the same grader files in the same run, alternated so a busy moment of the
// machine hits each alike. Three baselines: vitest's defaults (one worker per core but one),
// vitest with as many workers as the kit uses (one per core), and the same without a fresh realm
// per file (`--no-isolate`), which prices the kit's isolation. The machine's load average is
// printed with the figures: on a shared machine the absolute time says how busy it was, the
// ratios say what the kit costs. Targets: under 2 s; under 1.5x bare vitest (on a busy machine the
// kit's own work, jail, self-check, canaries and integrity scan, counts).

const ROUNDS = 7;
const kit = join(kitRoot, 'dist/bin/kit.js');
const vitest = join(kitRoot, 'node_modules/vitest/vitest.mjs');
const cores = availableParallelism();

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
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => loadavg()[0]?.toFixed(2) ?? '?';

const dir = await mkdtemp(join(tmpdir(), 'kit-bench-grade-'));
try {
  const solution = levelPaths('level2').solution;
  const sources: Record<string, string> = {};
  for (const name of await readdir(solution))
    sources[name] = await readFile(join(solution, name), 'utf8');
  await scaffoldAttempt({ levelId: 'level2', dir, force: true, sources });

  /** A bare `vitest run` of level2's graders with vitest's own options `extra`. */
  const bareVitest =
    (...extra: string[]) =>
    () =>
      timeOnce([vitest, 'run', '-c', 'graders/vitest.config.ts', '--reporter=dot', ...extra], {
        KIT_LEVEL: 'level2',
      });
  const runs = {
    kit: () => timeOnce([kit, 'grade', dir, '--json']),
    bare: bareVitest(),
    bareSame: bareVitest(`--maxWorkers=${cores}`),
    // What a fresh realm per file costs: the same run with every file of a worker in one realm.
    bareShared: bareVitest(`--maxWorkers=${cores}`, '--no-isolate'),
  };
  const times = {
    kit: [] as number[],
    bare: [] as number[],
    bareSame: [] as number[],
    bareShared: [] as number[],
  };
  const loadBefore = load();
  // One round unmeasured: the first run of each pays for cold file caches.
  for (const run of Object.values(runs)) run();
  for (let i = 0; i < ROUNDS; i++) {
    for (const [name, run] of Object.entries(runs)) times[name as keyof typeof runs].push(run());
  }
  const [k, b, s, shared] = [
    median(times.kit),
    median(times.bare),
    median(times.bareSame),
    median(times.bareShared),
  ];
  const range = (xs: number[]) => `${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))}`;
  console.log(`machine: ${cores} cores, load average ${loadBefore} before, ${load()} after`);
  console.log(
    `kit grade level2 (reference), median of ${ROUNDS}: ${seconds(k)} (${range(times.kit)}; target < 2 s)`,
  );
  console.log(`bare vitest run of the same graders (its defaults): ${seconds(b)}`);
  console.log(
    `bare vitest run, ${cores} workers like the kit: ${seconds(s)} (${range(times.bareSame)})`,
  );
  console.log(
    `bare vitest run, ${cores} workers, one realm per worker (--no-isolate): ${seconds(shared)}: a fresh realm per file costs ${seconds(s - shared)} here`,
  );
  console.log(`ratio to bare vitest (defaults): ${(k / b).toFixed(2)}x (target < 1.5x)`);
  console.log(`ratio to bare vitest (${cores} workers): ${(k / s).toFixed(2)}x`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
