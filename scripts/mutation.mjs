#!/usr/bin/env node
// npm run mutation [-- level1|level2|level3]: mutation-tests each level's graders with Stryker and
// fails below the target: every mutant not marked equivalent is killed, and the killed ones are at
// least 90% of all valid mutants (the marked equivalents count against that share).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const LEVELS = ['level1', 'level2', 'level3'];
const TARGET = 0.9;
const root = resolve(import.meta.dirname, '..');

/** Runs Stryker for one level in this process and returns the mutants' results. */
async function runLevel(level) {
  process.env.KIT_LEVEL = level;
  const { Stryker } = await import('@stryker-mutator/core');
  const { mutationConfig } = await import('../stryker.config.mjs');
  await new Stryker(mutationConfig(level)).runMutationTest();
  const report = JSON.parse(readFileSync(resolve(root, `reports/mutation/${level}.json`), 'utf8'));
  return Object.entries(report.files).flatMap(([file, { mutants }]) =>
    mutants.map((mutant) => ({ ...mutant, file: relative(root, resolve(root, file)) })),
  );
}

/** Counts the results and tells whether the level meets the target. */
function judge(level, mutants) {
  const count = (...statuses) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  const equivalent = count('Ignored');
  const valid = detected + undetected.length + equivalent;
  const score = valid === 0 ? 0 : detected / valid;
  const ok = valid > 0 && undetected.length === 0 && score >= TARGET;
  console.log(
    `\nmutation ${level}: ${valid} valid mutants: ${detected} killed (${count('Timeout')} by timeout), ` +
      `${undetected.length} not killed, ${equivalent} marked equivalent, ` +
      `${count('CompileError', 'RuntimeError')} invalid`,
  );
  for (const m of undetected) {
    const at = `${m.file}:${m.location.start.line}:${m.location.start.column}`;
    console.log(
      `  ${m.status.padEnd(10)} ${at} ${m.mutatorName}: ${JSON.stringify(m.replacement)}`,
    );
  }
  console.log(
    `mutation ${level}: score ${(score * 100).toFixed(1)}% of valid mutants ` +
      `(target ${TARGET * 100}%, and every mutant not marked equivalent killed): ${ok ? 'PASS' : 'FAIL'}`,
  );
  return ok;
}

const [arg] = process.argv.slice(2);
if (process.env.KIT_MUTATION_CHILD === '1' && arg !== undefined) {
  process.exitCode = judge(arg, await runLevel(arg)) ? 0 : 1;
} else {
  const levels = arg === undefined ? LEVELS : [arg];
  const unknown = levels.filter((level) => !LEVELS.includes(level));
  if (unknown.length > 0) {
    console.error(`Unknown level "${unknown[0]}". Use one of ${LEVELS.join(', ')}.`);
    process.exit(2);
  }
  const failed = [];
  for (const level of levels) {
    // One process per level: Stryker keeps process-wide state (logging, plugins) between runs.
    const child = spawnSync(process.execPath, [import.meta.filename, level], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, KIT_MUTATION_CHILD: '1' },
    });
    if (child.status !== 0) failed.push(level);
  }
  if (failed.length > 0) {
    console.error(`\nmutation: below target in ${failed.join(', ')}`);
    process.exit(1);
  }
}
