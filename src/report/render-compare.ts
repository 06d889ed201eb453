import { Chalk } from 'chalk';
import type { CompareResult } from '../grading/compare-result.js';
import type { CriterionResult, GradeReport } from '../grading/types.js';
import { renderTable } from '../guides/render-table.js';
import { formatDuration, formatPoints } from './format.js';
import { integrityCell } from './integrity-lines.js';
import { criterionScore, escapeCell } from './render-markdown.js';

/** One row of a comparison: a label and one cell per attempt. */
interface CompareRow {
  label: string;
  cells: string[];
}

function criterionRows(result: CompareResult): CompareRow[] {
  const order: { id: string; title: string; kind: string }[] = [];
  for (const a of result.attempts) {
    for (const r of a.report.criteria) {
      if (!order.some((o) => o.id === r.id)) order.push({ id: r.id, title: r.title, kind: r.kind });
    }
  }
  return order.map((o) => ({
    label: `${o.id} ${o.title}${o.kind === 'auto' ? '' : ` (${o.kind})`}`,
    cells: result.attempts.map((a) => {
      const r: CriterionResult | undefined = a.report.criteria.find((c) => c.id === o.id);
      return r ? criterionScore(r) : 'n/a';
    }),
  }));
}

function summaryRows(result: CompareResult): CompareRow[] {
  const row = (label: string, cell: (r: GradeReport) => string): CompareRow => ({
    label,
    cells: result.attempts.map((a) => cell(a.report)),
  });
  return [
    row(
      'Total',
      (r) =>
        `${formatPoints(r.total.earned)}/${formatPoints(r.total.possible)} (${r.total.percent}%)`,
    ),
    row('Manual points not scored', (r) => formatPoints(r.total.pending)),
    row('Hints used', (r) =>
      r.attempt.hintsUsed === 0
        ? '0'
        : `${r.attempt.hintsUsed} (−${formatPoints(r.total.hintPenalty)})`,
    ),
    row('Time taken', (r) =>
      r.attempt.elapsedMs === null ? '–' : formatDuration(r.attempt.elapsedMs),
    ),
    row('Edited visible tests', (r) => String(r.attempt.editedTests.length)),
    row('Problems', (r) => String(r.problems.length)),
    row('Integrity', integrityCell),
  ];
}

/** Renders attempts side by side in a terminal: one row per criterion, one column per attempt. */
export function renderComparison(
  result: CompareResult,
  options: { color?: boolean; width?: number } = {},
): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const head = ['Criterion', ...result.attempts.map((a) => a.label)];
  const rows = [...criterionRows(result), ...summaryRows(result)].map((r) => [r.label, ...r.cells]);
  const sources = result.attempts.map((a) =>
    c.dim(`  ${a.label}: ${a.source}${a.from === 'json' ? ' (saved report)' : ''}`),
  );
  return [
    c.bold(`${result.level.title}`) +
      c.dim(` · ${result.level.id} · ${result.attempts.length} attempts`),
    '',
    ...renderTable([head, ...rows], options.width ?? 100, c),
    '',
    ...sources,
  ].join('\n');
}

/** Renders the same comparison as a Markdown table. */
export function renderComparisonMarkdown(result: CompareResult): string {
  const head = ['Criterion', ...result.attempts.map((a) => a.label)];
  const rows = [...criterionRows(result), ...summaryRows(result)];
  return [
    `# Comparison: ${result.level.title}`,
    '',
    `| ${head.map(escapeCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${[r.label, ...r.cells].map(escapeCell).join(' | ')} |`),
    '',
  ].join('\n');
}
