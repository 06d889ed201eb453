import { describe, expect, it } from 'vitest';
import { recordLine } from '../../src/report/integrity-lines.js';
import { renderMarkdownScorecard } from '../../src/report/render-markdown.js';
import { renderScorecard } from '../../src/report/render-text.js';
import { sampleReport } from '../support/sample-report.js';

const origin =
  'Made elsewhere: a portable attempt made by this kit in /home/i/ada, graded from this folder; its record verifies.';

describe('where an attempt was made, in every renderer', () => {
  it('the terminal scorecard shows it under the attempt line; nothing when unset', () => {
    const report = sampleReport();
    expect(renderScorecard(report)).not.toContain('Made elsewhere');
    report.attempt.origin = origin;
    const lines = renderScorecard(report).split('\n');
    expect(lines[2]).toBe(origin);
    expect(lines[1]).toMatch(/^Attempt /);
  });

  it('the Markdown scorecard has an Origin row', () => {
    const report = sampleReport();
    expect(renderMarkdownScorecard(report)).not.toContain('| Origin |');
    report.attempt.origin = origin;
    expect(renderMarkdownScorecard(report)).toContain(`| Origin | ${origin} |`);
  });

  it('a record signed on another machine reads as not verified, not as tampering', () => {
    expect(recordLine('foreign')).toMatch(/^Made on another machine; record not verified: /);
    expect(recordLine('foreign')).toContain('Not by itself a sign of tampering.');
  });
});
