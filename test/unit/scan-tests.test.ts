import { describe, expect, it } from 'vitest';
import { criterionOf, scanTestTitles } from '../../src/grading/scan-tests.js';

describe('scanTestTitles', () => {
  it('reads literal titles that open with a criterion id', () => {
    const source = [
      "describe('fanout', () => {",
      "  it('[R1] delivers to a fast user in the same tick', () => {});",
      '  test("[R2] counts drops", async () => {});',
      "  it.skipIf(!process.env.REDIS_URL)('[R12] survives a killed subscriber', () => {});",
      '  it(`[R3] keeps order`, () => {});',
      '});',
    ].join('\n');
    expect(scanTestTitles(source)).toEqual([
      { title: '[R1] delivers to a fast user in the same tick', criterion: 'R1' },
      { title: '[R2] counts drops', criterion: 'R2' },
      { title: '[R12] survives a killed subscriber', criterion: 'R12' },
      { title: '[R3] keeps order', criterion: 'R3' },
    ]);
  });

  it('unescapes the quote inside a title', () => {
    expect(scanTestTitles("it('[R4] drops the oldest when a user\\'s buffer is full', f)")).toEqual(
      [{ title: "[R4] drops the oldest when a user's buffer is full", criterion: 'R4' }],
    );
  });

  it('ignores describe blocks and titles without a criterion', () => {
    expect(scanTestTitles("describe('[R1] group', () => { it('plain title', f) })")).toEqual([]);
  });
});

describe('criterionOf', () => {
  it('returns the id a title opens with, or null', () => {
    expect(criterionOf('[R7] something')).toBe('R7');
    expect(criterionOf('something [R7]')).toBeNull();
  });
});
