import { Chalk } from 'chalk';
import type { DoctorResult } from '../sandbox/doctor-result.js';

/** `kit doctor` as terminal lines: a mark, the check, what was found, and the fix when missing. */
export function renderDoctor(result: DoctorResult, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const width = Math.max(...result.checks.map((check) => check.name.length));
  const lines: string[] = [];
  for (const check of result.checks) {
    const mark = check.ok ? c.green('✔') : check.optional ? c.yellow('–') : c.red('✘');
    lines.push(`${mark} ${check.name.padEnd(width)}  ${check.detail}`);
    if (!check.ok && check.fix) lines.push(`  ${' '.repeat(width)}  ${c.dim(check.fix)}`);
  }
  lines.push(
    '',
    result.sandbox.kind === 'bwrap'
      ? c.green('Candidate code runs jailed: kit grade, kit test and Runs in the room.')
      : c.yellow(
          'No sandbox: kit grade and kit test run candidate code with your privileges, and kit serve turns Runs off unless --unsafe-runs.',
        ),
  );
  return lines.join('\n');
}
