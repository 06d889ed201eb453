import { describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { renderMarkdownScorecard } from '../../src/report/render-markdown.js';
import { renderScorecard } from '../../src/report/render-text.js';
import { redactReport } from '../../src/room/live/redact-report.js';
import { sampleReport } from '../support/sample-report.js';

// Where the integrity section shows: the terminal scorecard, the Markdown and the interviewer's
// room; never the candidate's or an observer's copy.

function tamperedReport(): GradeReport {
  const report = sampleReport();
  const first = report.criteria[0];
  if (first) report.criteria[0] = { ...first, earned: 0, status: 'failed', tampered: true };
  report.problems.push({
    kind: 'tampered',
    file: 'graders/level2/buffers.test.ts',
    message: 'graders/level2/buffers.test.ts: the check "[R2] keeps 3 frames" was reported passed.',
  });
  report.integrity = {
    tampered: true,
    findings: [
      {
        kind: 'canary-passed',
        files: ['graders/level2/buffers.test.ts'],
        message:
          'graders/level2/buffers.test.ts: the check "[R2] keeps 3 frames" was reported passed.',
      },
    ],
    flags: [
      {
        file: 'clock.ts',
        line: 2,
        rule: 'test-internals',
        message: 'imports vitest: the test runner',
      },
    ],
    record: 'edited',
  };
  return report;
}

describe('the integrity section in reports', () => {
  it('shows TAMPERED, the flags with file and line, and the record in the terminal', () => {
    const text = renderScorecard(tamperedReport());
    expect(text).toContain('TAMPERED: the run reported results the kit could not trust');
    expect(text).toMatch(/R\d+ .* TAMPERED/);
    expect(text).toContain('⚑ clock.ts:2 test-internals: imports vitest: the test runner');
    expect(text).toContain('.kit/attempt.json was edited outside the kit');
  });

  it('shows the same in the Markdown', () => {
    const markdown = renderMarkdownScorecard(tamperedReport());
    expect(markdown).toContain('## Integrity');
    expect(markdown).toContain('**TAMPERED: the run reported results');
    expect(markdown).toContain('- clock.ts:2 test-internals: imports vitest: the test runner');
    expect(markdown).toContain('(tampered)');
  });

  it('says flags are advisory when the run was not tampered with', () => {
    const report = tamperedReport();
    report.integrity = { ...report.integrity, tampered: false, findings: [], record: 'signed' };
    expect(renderScorecard(report)).toContain(
      '1 integrity flag (advisory: the score is unchanged).',
    );
  });

  it('keeps the whole section for the interviewer and withholds all of it from the others', () => {
    const report = tamperedReport();
    expect(redactReport(report, 'interviewer').integrity).toEqual(report.integrity);
    for (const role of ['candidate', 'observer'] as const) {
      const seen = redactReport(report, role);
      expect(seen.integrity).toEqual({
        tampered: false,
        findings: [],
        flags: [],
        record: null,
        withheld: true,
      });
      expect(seen.problems.some((p) => p.kind === 'tampered')).toBe(false);
      expect(seen.criteria.some((c) => 'tampered' in c)).toBe(false);
      expect(renderScorecard(seen)).not.toMatch(/TAMPERED|integrity|⚑/);
    }
  });
});
