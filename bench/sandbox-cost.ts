import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldAttempt } from '../src/attempt/scaffold.js';
import { levelPaths } from '../src/levels/level-registry.js';
import { kitRoot } from '../src/paths.js';
import { detectSandbox } from '../src/sandbox/detect-sandbox.js';

// The jail's cost: `kit grade` on level2's reference in the bubblewrap jail and without it
// (KIT_SANDBOX=none), alternated in the same run. Target: at most +15% or +150 ms.

const ROUNDS = 5;
const kit = join(kitRoot, 'dist/bin/kit.js');

function timeGrade(dir: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [kit, 'grade', dir, '--json'], {
    cwd: kitRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`kit grade exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { sandbox: string; total: { percent: number } };
  const expected = env.KIT_SANDBOX === 'none' ? 'none' : 'bwrap';
  if (report.sandbox !== expected) throw new Error(`graded with sandbox ${report.sandbox}`);
  if (report.total.percent !== 100) throw new Error(`reference scored ${report.total.percent}%`);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const sandbox = await detectSandbox();
if (sandbox.kind !== 'bwrap') {
  console.log(`sandbox cost: skipped, no jail here (${sandbox.reason})`);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'kit-bench-jail-'));
  try {
    const solution = levelPaths('level2').solution;
    const sources: Record<string, string> = {};
    for (const name of await readdir(solution)) {
      sources[name] = await readFile(join(solution, name), 'utf8');
    }
    await scaffoldAttempt({ levelId: 'level2', dir, force: true, sources });
    const jailed: number[] = [];
    const bare: number[] = [];
    // Alternate the two so a busy moment on the machine hits both alike.
    for (let i = 0; i < ROUNDS; i++) {
      jailed.push(timeGrade(dir, {}));
      bare.push(timeGrade(dir, { KIT_SANDBOX: 'none' }));
    }
    const j = median(jailed);
    const b = median(bare);
    const extra = j - b;
    const percent = (extra / b) * 100;
    const ok = extra <= 150 || percent <= 15;
    console.log(
      `kit grade level2 (reference) in the jail, median of ${ROUNDS}: ${j.toFixed(0)} ms`,
    );
    console.log(`the same without a jail, median of ${ROUNDS}: ${b.toFixed(0)} ms`);
    console.log(
      `jail cost: ${extra >= 0 ? '+' : ''}${extra.toFixed(0)} ms (${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%) (target ≤ +15% or +150 ms: ${ok ? 'met' : 'missed'})`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
