#!/usr/bin/env node
// node scripts/perf-proof.mjs [runs]: the proof that level 1's performance grader (R9) judges
// growth reliably. With one core kept busy by a spinning process, it runs the grader's measurement
// `runs` times (default 100) on three correct designs, the reference, and the per-recipient copy
// mutant, and fails unless every correct run passes and every mutant run fails. Takes minutes;
// not part of `npm test`. Figures: reports/perf-proof/level1.json.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const runs = process.argv[2] ?? '100';
// One core kept busy the whole time, as on a shared machine.
const spinner = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
try {
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '-c', 'scripts/perf-proof/vitest.config.ts', '--silent=false'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, PROOF_RUNS: runs } },
  );
  process.exitCode = result.status ?? 1;
} finally {
  spinner.kill();
}
