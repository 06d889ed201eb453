import { Chalk } from 'chalk';
import type { VerifyResult } from '../grading/verify-result.js';

/** Renders `kit verify`'s findings: each level's checks, with what is wrong under a failure. */
export function renderVerify(result: VerifyResult, color = false): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [];
  for (const level of result.levels) {
    lines.push(c.bold(level.id));
    for (const check of level.checks) {
      lines.push(`  ${check.ok ? c.green('✔') : c.red('✘')} ${check.name}`);
      for (const problem of check.problems) lines.push(c.red(`      ${problem}`));
      for (const note of check.notes) lines.push(c.dim(`      note: ${note}`));
    }
  }
  const failed = result.levels.flatMap((l) =>
    l.checks.filter((ch) => !ch.ok).map(() => l.id),
  ).length;
  lines.push(
    '',
    result.ok
      ? c.green.bold(`Sound: ${result.levels.map((l) => l.id).join(', ') || 'no level to check'}.`)
      : c.red.bold(`${failed} check(s) failed.`),
  );
  return lines.join('\n');
}
