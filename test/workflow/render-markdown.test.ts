import { describe, expect, it } from 'vitest';
import { renderComparison, renderComparisonMarkdown } from '../../src/report/render-compare.js';
import { renderMarkdownScorecard } from '../../src/report/render-markdown.js';
import { renderScorecard } from '../../src/report/render-text.js';
import { sampleReport } from './support/sample-report.js';

/** The cells of a Markdown table row whose first cell is `id`. */
function row(markdown: string, id: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${id} |`));
  if (!line) throw new Error(`no row ${id}`);
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdownScorecard', () => {
  it('carries the same numbers as the JSON report, criterion by criterion and in total', () => {
    const report = JSON.parse(JSON.stringify(sampleReport())) as ReturnType<typeof sampleReport>;
    const md = renderMarkdownScorecard(report);
    for (const c of report.criteria) {
      const score = row(md, c.id)[3];
      expect(score).toBe(c.status === 'pending' ? `–/${c.points}` : `${c.earned}/${c.points}`);
    }
    const { earned, possible, percent } = report.total;
    expect(md).toContain(`**Total: ${earned}/${possible} (${percent}%)**`);
    expect(earned).toBe(2 + 2 + 0 + 2.5 - 1.5);
  });

  it('shows kinds, statuses, time against the budget, hints and their cost, edited tests and the environment', () => {
    const md = renderMarkdownScorecard(sampleReport());
    expect(row(md, 'R1')).toEqual([
      'R1',
      'Queues \\| never sends inline',
      'auto',
      '2/3',
      'partial',
    ]);
    expect(row(md, 'R3')).toEqual(['R3', 'Fast enqueue', 'performance', '0/2', 'failed']);
    expect(row(md, 'R4')).toEqual(['R4', 'Explains backpressure', 'manual', '2.5/3', 'scored']);
    expect(row(md, 'R5')).toEqual(['R5', 'Communicates', 'manual', '–/2', 'not scored']);
    expect(md).toContain('| Time taken | 42 min since `kit start` (budget 60 min) |');
    expect(md).toContain('| Hints used | 3 (−1.5 points, 0.5 each) |');
    expect(md).toContain('| Edited visible tests | test/ordering.test.ts |');
    expect(md).toContain('| Environment | interview-kit 0.1.0, Node v20.20.0 |');
    expect(md).toContain('- **R4** clear \\| concise');
    expect(md).toContain('- [R1] test 3 (hidden, `graders/level2/r1.test.ts`): expected 3 to be 0');
  });

  it('matches the terminal scorecard total', () => {
    const report = sampleReport();
    const text = renderScorecard(report, { color: false });
    expect(text).toContain(
      `Total ${report.total.earned}/${report.total.possible} (${report.total.percent}%)`,
    );
    expect(text).toContain('42 min since kit start (budget 60 min)');
  });
});

describe('renderComparison', () => {
  const a = sampleReport();
  const b = sampleReport();
  b.attempt.dir = '/tmp/grace';
  b.criteria = b.criteria.map((c) => (c.id === 'R1' ? { ...c, earned: 3, status: 'passed' } : c));
  b.total = { ...b.total, earned: b.total.earned + 1 };
  const result = {
    level: a.level,
    attempts: [
      { label: 'ada', source: '/tmp/ada', from: 'graded' as const, report: a },
      { label: 'grace', source: '/tmp/grace.json', from: 'json' as const, report: b },
    ],
  };

  it('puts one row per criterion and one column per attempt, then the totals', () => {
    const md = renderComparisonMarkdown(result);
    expect(md).toContain('| Criterion | ada | grace |');
    expect(md).toContain('| R1 Queues \\| never sends inline | 2/3 | 3/3 |');
    expect(md).toContain('| R5 Communicates (manual) | –/2 | –/2 |');
    expect(md).toContain(`| Total | 5/10 (${a.total.percent}%) | 6/10 (${b.total.percent}%) |`);
    expect(md).toContain('| Hints used | 3 (−1.5) | 3 (−1.5) |');
  });

  it('lays the same table out for the terminal, naming where each column came from', () => {
    const text = renderComparison(result, { color: false, width: 100 });
    expect(text).toMatch(/R3 Fast enqueue \(performance\) +│ 0\/2 +│ 0\/2/);
    expect(text).toContain('grace: /tmp/grace.json (saved report)');
  });
});
