#!/usr/bin/env node
// Proof that level2's R7 judges growth, not speed: grades three correct designs that are not the
// reference (test/fixtures/level2-designs: ring, linked list, two stacks) many times in a row
// while one core is kept busy, and the Array.shift mutant as often. Correct designs must never
// fail; the mutant must always fail. Not part of `npm test`: 400 gradings take minutes.
//
//   npm run build && node scripts/perf-proof-level2.mjs [--runs 100] [--full] [--no-busy] [--only ring]
//
// By default each grading runs R7's grader file through the grading engine (sandbox, trusted
// clock and all); --full grades every criterion with `kit grade`'s engine and checks the scores.
// A run the engine itself reports broken (the child died, a timeout: no verdict from R7's test)
// is counted apart and graded again, so the figures are verdicts of the grader.

import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    full: { type: 'boolean', default: false },
    'no-busy': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const runs = Number(values.runs);
const { gradeImplementation } = await import(join(root, 'dist/src/grading/grade.js'));
const { runGraders } = await import(join(root, 'dist/src/grading/run-graders.js'));

const SHIFT_QUEUE = `class RingBuffer<T> {
  #items: T[] = [];
  constructor(readonly capacity: number) {}
  get size(): number { return this.#items.length; }
  push(item: T): boolean {
    this.#items.push(item);
    if (this.#items.length <= this.capacity) return false;
    this.#items.shift();
    return true;
  }
  peek(): T | undefined { return this.#items[0]; }
  shift(): T | undefined { return this.#items.shift(); }
  clear(): void { this.#items = []; }
}`;

/** Makes the implementation folders: the starter with each design's server.ts, and the mutant. */
async function makeImplementations(base) {
  const impls = [];
  for (const design of ['ring', 'linked', 'two-stack']) {
    const dir = join(base, design);
    await cp(join(root, 'levels/level2/src'), dir, { recursive: true });
    await cp(
      join(root, 'test/fixtures/level2-designs', design, 'server.ts'),
      join(dir, 'server.ts'),
    );
    impls.push({ name: design, dir, correct: true });
  }
  const mutant = join(base, 'array-shift');
  await cp(join(root, 'solutions/level2'), mutant, { recursive: true });
  const outbox = join(mutant, 'outbox.ts');
  const text = await readFile(outbox, 'utf8');
  const ringImport = "import { RingBuffer } from './ring-buffer.js';";
  if (!text.includes(ringImport)) throw new Error('outbox.ts no longer imports RingBuffer');
  await writeFile(outbox, text.replace(ringImport, SHIFT_QUEUE));
  impls.push({ name: 'array-shift mutant', dir: mutant, correct: false });
  return impls;
}

const performanceFile = join(root, 'graders/level2/performance.test.ts');

/**
 * One grading: `{ r7: 'passed' | 'failed', others, message, broken }`; `others` lists the other
 * criteria not passed, `broken` is the engine's problem when the run gave no verdict.
 */
async function gradeOnce(dir) {
  if (values.full) {
    const report = await gradeImplementation({ levelId: 'level2', implDir: dir });
    const auto = report.criteria.filter((c) => c.kind !== 'manual');
    const r7 = auto.find((c) => c.id === 'R7');
    return {
      r7: r7?.status === 'passed' ? 'passed' : 'failed',
      others: auto.filter((c) => c.id !== 'R7' && c.status !== 'passed').map((c) => c.id),
      message: r7?.tests.flatMap((t) => t.errors).join(' ') ?? '',
      broken: report.problems[0]?.message ?? '',
    };
  }
  const run = await runGraders({ files: [performanceFile], implDir: dir, timeoutMs: 60_000 });
  const tests = [...run.modules.values()].flatMap((m) => m.tests);
  const passed = run.problems.length === 0 && tests.length === 1 && tests[0].state === 'passed';
  const message = [...tests.flatMap((t) => t.errors), ...run.problems.map((p) => p.message)];
  const verdict = run.problems.length === 0 && tests.length === 1;
  return {
    r7: passed ? 'passed' : 'failed',
    others: [],
    message: message.join(' '),
    broken: verdict ? '' : message.join(' ') || 'no result',
  };
}

const busy = values['no-busy']
  ? undefined
  : spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
const base = await mkdtemp(join(tmpdir(), 'kit-perf-proof-'));
let wrong = 0;
try {
  const impls = (await makeImplementations(base)).filter(
    (impl) => values.only === undefined || impl.name.startsWith(values.only),
  );
  const mode = values.full ? 'full gradings' : 'gradings of R7';
  console.log(
    `${runs} ${mode} in a row per implementation, ${busy ? 'one core kept busy' : 'idle'}`,
  );
  for (const impl of impls) {
    const started = performance.now();
    let r7Failed = 0;
    let othersFailed = 0;
    const growths = [];
    let firstSurprise = '';
    let broken = 0;
    let firstBroken = '';
    for (let i = 0; i < runs; i++) {
      let result = await gradeOnce(impl.dir);
      while (result.broken) {
        broken++;
        firstBroken ||= `run ${i + 1}: ${result.broken.slice(0, 200)}`;
        if (broken > 10) throw new Error(`The engine keeps failing: ${firstBroken}`);
        result = await gradeOnce(impl.dir);
      }
      if (result.r7 === 'failed') r7Failed++;
      if (result.others.length > 0) othersFailed++;
      const growth = /\(([0-9.]+)x,/.exec(result.message)?.[1];
      if (growth) growths.push(Number(growth));
      const surprise = impl.correct ? result.r7 === 'failed' : result.r7 === 'passed';
      if ((surprise || result.others.length > 0) && !firstSurprise) {
        firstSurprise = `run ${i + 1}: R7 ${result.r7}, others lost: [${result.others}] ${result.message.slice(0, 300)}`;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const expected = impl.correct
      ? `R7 failed ${r7Failed}/${runs} (must be 0)`
      : `R7 failed ${r7Failed}/${runs} (must be ${runs})`;
    growths.sort((a, b) => a - b);
    const growth = growths.length
      ? `; growth when failing: min ${growths[0]}x, median ${growths[Math.floor(growths.length / 2)]}x`
      : '';
    const others = values.full ? `; runs losing another criterion: ${othersFailed}` : '';
    console.log(`${impl.name}: ${expected}${others}${growth}; ${seconds} s`);
    if (firstSurprise) console.log(`  first surprise: ${firstSurprise}`);
    if (broken)
      console.log(`  ${broken} run(s) without a verdict, graded again; first: ${firstBroken}`);
    if (impl.correct ? r7Failed > 0 : r7Failed < runs) wrong++;
    if (othersFailed > 0 && impl.correct) wrong++;
  }
} finally {
  busy?.kill();
  await rm(base, { recursive: true, force: true });
}
console.log(wrong === 0 ? 'proof holds' : `proof FAILED for ${wrong} implementation(s)`);
process.exitCode = wrong === 0 ? 0 : 1;
