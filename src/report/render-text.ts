import { Chalk, type ChalkInstance } from 'chalk';
import { integrityOf } from '../grading/report-integrity.js';
import type { CriterionResult, GradeReport, TestOutcome } from '../grading/types.js';
import { formatDuration, formatPoints } from './format.js';
import { flagLines, integrityHeadline, recordLine } from './integrity-lines.js';
import { timeTaken } from './render-markdown.js';

/** Options for the terminal scorecard. */
export interface RenderTextOptions {
  color?: boolean;
  /** Show every test, not only the failing ones. */
  verbose?: boolean;
}

const ICON: Record<CriterionResult['status'], string> = {
  passed: '✔',
  partial: '◐',
  failed: '✘',
  skipped: '–',
  pending: '○',
  scored: '✔',
};

function paint(c: ChalkInstance, status: CriterionResult['status']): ChalkInstance {
  if (status === 'passed' || status === 'scored') return c.green;
  if (status === 'partial') return c.yellow;
  if (status === 'failed') return c.red;
  return c.dim;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

function renderTest(c: ChalkInstance, test: TestOutcome): string[] {
  const icon =
    test.state === 'passed' ? c.green('✔') : test.state === 'skipped' ? c.dim('–') : c.red('✘');
  const where = c.dim(` (${test.visibility}, ${test.file})`);
  const lines = [`      ${icon} ${test.name}${where}`];
  for (const error of test.errors) lines.push(c.dim(indent(error, '          ')));
  return lines;
}

function renderCriterion(c: ChalkInstance, r: CriterionResult, verbose: boolean): string[] {
  const color = paint(c, r.status);
  const score =
    r.status === 'pending'
      ? `–/${formatPoints(r.points)}`
      : `${formatPoints(r.earned)}/${formatPoints(r.points)}`;
  const kind = r.kind === 'auto' ? '' : c.dim(` (${r.kind})`);
  const tampered = r.tampered ? c.red.bold(' TAMPERED') : '';
  const lines = [
    `  ${color(ICON[r.status])} ${c.bold(r.id.padEnd(4))}${r.title}${kind}  ${color(score)}${tampered}`,
  ];
  if (r.status === 'pending')
    lines.push(c.dim('      not scored yet: `kit grade --interactive` or `--score ID=N`'));
  if (r.status === 'skipped' && r.tests.length > 0) {
    lines.push(c.dim(`      skipped: ${r.tests[0]?.errors[0] ?? 'no test ran'}`));
  }
  if (r.note) lines.push(c.dim(`      note: ${r.note}`));
  for (const test of r.tests) {
    if (verbose || test.state === 'failed') lines.push(...renderTest(c, test));
  }
  return lines;
}

function renderIntegrity(c: ChalkInstance, report: GradeReport): string[] {
  const headline = integrityHeadline(report);
  const record = recordLine(integrityOf(report).record);
  if (!headline && !record) return [];
  const lines = [''];
  if (headline)
    lines.push(integrityOf(report).tampered ? c.red.bold(headline) : c.yellow(headline));
  for (const line of flagLines(report)) lines.push(c.yellow(`  ⚑ ${line}`));
  if (record) lines.push(c.yellow(record));
  return lines;
}

/** Renders a GradeReport as the terminal scorecard. */
export function renderScorecard(report: GradeReport, options: RenderTextOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { total, attempt } = report;
  const lines: string[] = [
    c.bold(`${report.level.title}`) +
      c.dim(` · ${report.level.id} (${report.level.slug})`) +
      (report.level.pack
        ? c.dim(` · pack ${report.level.pack.name} sha256 ${report.level.pack.sha256.slice(0, 12)}`)
        : ''),
    c.dim(`Attempt ${attempt.dir}${report.scope === 'visible' ? ' · visible tests only' : ''}`),
    ...(attempt.origin ? [c.yellow(attempt.origin)] : []),
    '',
  ];
  for (const r of report.criteria) lines.push(...renderCriterion(c, r, options.verbose ?? false));
  if (report.problems.length > 0) {
    lines.push('', c.red.bold('Problems'));
    for (const p of report.problems) {
      lines.push(
        c.red(`  ✘ ${p.kind}${p.file ? ` in ${p.file}` : ''}: `) +
          indent(p.message, '    ').trimStart(),
      );
    }
  }
  lines.push(...renderIntegrity(c, report));
  if (attempt.editedTests.length > 0) {
    lines.push(
      '',
      c.yellow(
        `Edited visible tests (graded with the kit's copies): ${attempt.editedTests.join(', ')}`,
      ),
    );
  }
  const facts = [
    total.pending > 0 ? `${formatPoints(total.pending)} manual points pending` : null,
    total.hintPenalty > 0 ? `hint penalty −${formatPoints(total.hintPenalty)}` : null,
    attempt.hintsUsed > 0
      ? `${attempt.hintsUsed} hint${attempt.hintsUsed === 1 ? '' : 's'} used`
      : null,
    attempt.elapsedMs !== null ? timeTaken(report) : null,
  ].filter((f): f is string => f !== null);
  const color = total.percent >= 100 ? c.green : total.percent >= 50 ? c.yellow : c.red;
  lines.push(
    '',
    `${c.bold('Total')} ${color.bold(`${formatPoints(total.earned)}/${formatPoints(total.possible)}`)} ${color(`(${total.percent}%)`)}${facts.length ? c.dim(` · ${facts.join(' · ')}`) : ''}`,
    c.dim(
      `Graded in ${formatDuration(report.durationMs)} · kit ${report.kit.version} · Node ${report.kit.node} · sandbox ${report.sandbox}`,
    ),
  );
  // Older saved reports have no sandbox field: only a report that says `none` warns.
  if (report.sandbox === 'none') {
    lines.push(
      c.yellow("No sandbox: the graded code ran unconfined, with the grader's privileges."),
    );
  }
  return lines.join('\n');
}
