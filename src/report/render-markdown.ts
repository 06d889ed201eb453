import { integrityOf } from '../grading/report-integrity.js';
import type { CriterionResult, GradeReport } from '../grading/types.js';
import { listLevels } from '../levels/level-registry.js';
import { formatDuration, formatPoints } from './format.js';
import { flagLines, integrityHeadline, recordLine } from './integrity-lines.js';

/** Escapes text for one cell of a Markdown table. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
}

const STATUS: Record<CriterionResult['status'], string> = {
  passed: 'passed',
  partial: 'partial',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'not scored',
  scored: 'scored',
};

/** A criterion's score as every renderer shows it: `2.5/3`, or `–/3` while not scored. */
export function criterionScore(r: CriterionResult): string {
  return r.status === 'pending' || r.status === 'skipped'
    ? `–/${formatPoints(r.points)}`
    : `${formatPoints(r.earned)}/${formatPoints(r.points)}`;
}

/** The time line of a report: time taken against the level's budget, e.g. `42 min since kit start (budget 60 min)`. */
export function timeTaken(report: GradeReport, markdown = false): string {
  const start = markdown ? '`kit start`' : 'kit start';
  const budget = listLevels().find((l) => l.id === report.level.id)?.minutes;
  const budgetText = budget ? ` (budget ${budget} min)` : '';
  return report.attempt.elapsedMs === null
    ? `unknown${budgetText}`
    : `${formatDuration(report.attempt.elapsedMs)} since ${start}${budgetText}`;
}

/** The hints line of a report: how many, and what they cost. */
export function hintsLine(report: GradeReport): string {
  const { hintsUsed } = report.attempt;
  const { hintPenalty } = report.total;
  if (hintsUsed === 0) return 'none';
  const each = hintPenalty > 0 ? `, ${formatPoints(hintPenalty / hintsUsed)} each` : '';
  return `${hintsUsed} (−${formatPoints(hintPenalty)} point${hintPenalty === 1 ? '' : 's'}${each})`;
}

/**
 * Renders a GradeReport as a Markdown scorecard to paste into a hiring system: the facts of the
 * attempt, every criterion (auto, performance and manual) with its score, the interviewer's notes,
 * failing tests and problems. The numbers are the report's, formatted as the terminal shows them.
 */
export function renderMarkdownScorecard(report: GradeReport): string {
  const { total, attempt } = report;
  const out: string[] = [
    `# Scorecard: ${report.level.title}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Level | ${report.level.id} (${report.level.slug}) |`,
    ...(report.level.pack
      ? [`| Pack | ${escapeCell(report.level.pack.name)}, sha256 \`${report.level.pack.sha256}\` |`]
      : []),
    `| Attempt | \`${escapeCell(attempt.dir)}\` |`,
    ...(attempt.origin ? [`| Origin | ${escapeCell(attempt.origin)} |`] : []),
    `| Graded | ${report.gradedAt} |`,
    `| Time taken | ${escapeCell(timeTaken(report, true))} |`,
    `| Hints used | ${hintsLine(report)} |`,
    `| Edited visible tests | ${attempt.editedTests.length ? escapeCell(attempt.editedTests.join(', ')) : 'none'} |`,
    `| Graders | ${report.scope === 'all' ? 'all (visible and hidden)' : 'visible tests only'} |`,
    `| Environment | interview-kit ${report.kit.version}, Node ${report.kit.node} |`,
    `| Sandbox | ${report.sandbox === 'none' ? 'none: the code ran unconfined' : (report.sandbox ?? 'unknown')} |`,
    '',
    `**Total: ${formatPoints(total.earned)}/${formatPoints(total.possible)} (${total.percent}%)**` +
      (total.pending > 0 ? ` · ${formatPoints(total.pending)} manual points not scored yet` : '') +
      (total.hintPenalty > 0 ? ` · hint penalty −${formatPoints(total.hintPenalty)}` : ''),
    '',
    '## Criteria',
    '',
    '| ID | Criterion | Kind | Score | Status |',
    '| --- | --- | --- | --- | --- |',
    ...report.criteria.map(
      (r) =>
        `| ${r.id} | ${escapeCell(r.title)} | ${r.kind} | ${criterionScore(r)} | ${STATUS[r.status]}${r.tampered ? ' (tampered)' : ''} |`,
    ),
  ];
  const notes = report.criteria.filter((r) => r.note);
  if (notes.length > 0) {
    out.push(
      '',
      '## Interviewer notes',
      '',
      ...notes.map((r) => `- **${r.id}** ${escapeCell(r.note ?? '')}`),
    );
  }
  const failing = report.criteria.flatMap((r) => r.tests.filter((t) => t.state === 'failed'));
  if (failing.length > 0) {
    out.push('', '## Failing tests', '');
    for (const t of failing) {
      const why = t.errors[0]?.split('\n')[0];
      out.push(
        `- ${escapeCell(t.name)} (${t.visibility}, \`${t.file}\`)${why ? `: ${escapeCell(why)}` : ''}`,
      );
    }
  }
  if (report.problems.length > 0) {
    out.push('', '## Problems', '');
    for (const p of report.problems) {
      out.push(
        `- ${p.kind}${p.file ? ` in \`${p.file}\`` : ''}: ${escapeCell(p.message.split('\n')[0] ?? '')}`,
      );
    }
  }
  const headline = integrityHeadline(report);
  const record = recordLine(integrityOf(report).record);
  if (headline || record) {
    out.push('', '## Integrity', '');
    if (headline) out.push(integrityOf(report).tampered ? `**${headline}**` : headline, '');
    for (const line of flagLines(report)) out.push(`- ${escapeCell(line)}`);
    if (record) out.push(`- ${record}`);
  }
  return `${out.join('\n')}\n`;
}
