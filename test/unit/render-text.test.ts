import { describe, expect, it } from 'vitest';
import { renderScorecard } from '../../src/report/render-text.js';
import { sampleReport } from '../support/sample-report.js';

describe('renderScorecard', () => {
  const text = renderScorecard(sampleReport());

  it('shows each criterion with points earned and possible', () => {
    expect(text).toContain('✔ R1  Non-blocking  3/3');
    expect(text).toContain('◐ R2  Drop oldest  2/4');
    expect(text).toContain('○ R3  Trade-offs (manual)  –/3');
  });

  it('shows a failing test with its message under its criterion', () => {
    expect(text).toMatch(
      /✘ \[R2\] drops the oldest \(hidden, graders\/level2\/drop\.test\.ts\)\n +expected \[ 8, 9, 10 \]/,
    );
  });

  it('shows the total, time since start, hints, problems and edited tests', () => {
    expect(text).toContain(
      'Total 5/7 (71.4%) · 3 manual points pending · 1 hint used · 42 min since kit start',
    );
    expect(text).toContain('✘ timeout: Grading stopped after 45 s.');
    expect(text).toContain(
      "Edited visible tests (graded with the kit's copies): test/ordering.test.ts",
    );
    expect(text).toContain('Graded in 1.4 s · kit 0.1.0 · Node v20.20.2');
  });

  it('has no colour codes when colour is off', () => {
    expect(text).not.toContain(String.fromCharCode(27));
  });
});
