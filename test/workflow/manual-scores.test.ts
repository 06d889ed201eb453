import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { applyScoreFlags, parseScoreValue } from '../../src/attempt/manual-scores.js';
import { promptManualScores } from '../../src/attempt/prompt-manual.js';
import type { ManualScore } from '../../src/grading/score.js';
import { sampleRubric } from './support/sample-report.js';

const r4 = sampleRubric.criteria.find((c) => c.id === 'R4');
if (!r4) throw new Error('the sample rubric has R4');

describe('parseScoreValue', () => {
  it('accepts whole and decimal numbers from 0 to the points', () => {
    expect(['0', '3', '2.5', ' 1 ', '.5'].map((v) => parseScoreValue(r4, v))).toEqual([
      0, 3, 2.5, 1, 0.5,
    ]);
  });

  it('refuses more than the points, negatives, letters and empty input', () => {
    expect(['4', '-1', 'x', '2x', '', '1e0', 'NaN'].map((v) => parseScoreValue(r4, v))).toEqual(
      Array(7).fill(null),
    );
  });
});

describe('applyScoreFlags', () => {
  it('merges scores and notes over the saved ones, keeping a note when only the score changes', () => {
    const saved = { R4: { points: 1, note: 'kept' } };
    expect(applyScoreFlags(sampleRubric, saved, ['R4=2', 'r5=1.5'], ['R5=good plan'])).toEqual({
      R4: { points: 2, note: 'kept' },
      R5: { points: 1.5, note: 'good plan' },
    });
  });

  it.each([
    [['R4=4'], [], '--score "R4=4": R4 takes a number from 0 to 3, got "4".'],
    [['R4=x'], [], '--score "R4=x": R4 takes a number from 0 to 3, got "x".'],
    [
      ['R9=1'],
      [],
      '--score "R9=1": level2 has no criterion R9; its manual criteria are R4, R5. Run `kit guide level2 --section rubric`.',
    ],
    [
      ['R1=1'],
      [],
      '--score "R1=1": R1 is scored by tests, not by hand; its manual criteria are R4, R5. Run `kit guide level2 --section rubric`.',
    ],
    [['R4'], [], '--score "R4" is not ID=VALUE, e.g. --score R5=2. Run `kit grade --help`.'],
    [[], ['R4=late'], '--note "R4=late": R4 has no score yet. Add `--score R4=<0-3>`.'],
  ])('refuses %j %j with a message naming the value', (scores, notes, message) => {
    expect(() => applyScoreFlags(sampleRubric, {}, scores, notes)).toThrow(message);
  });
});

/** Drives the prompt with answers written line by line, as a pipe would deliver them. */
async function drive(answers: string[], saved: Record<string, ManualScore> = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk: Buffer) => {
    transcript += chunk.toString();
  });
  const saves: [string, ManualScore][] = [];
  const done = promptManualScores({
    rubric: sampleRubric,
    lookFor: { R4: 'What each choice costs' },
    saved,
    input,
    output,
    save: async (id, score) => {
      saves.push([id, score]);
    },
  });
  input.end(answers.map((a) => `${a}\n`).join(''));
  const result = await done;
  return { result, transcript, saves };
}

describe('promptManualScores', () => {
  it('asks again after a score over the maximum or a letter, saying what is allowed', async () => {
    const { result, transcript, saves } = await drive(['4', 'x', '2', 'clear', '1', '']);
    expect(transcript).toContain('"4" is not allowed: enter a number from 0 to 3 (Enter skips).');
    expect(transcript).toContain('"x" is not allowed: enter a number from 0 to 3 (Enter skips).');
    expect(transcript).toContain('Look for: What each choice costs');
    expect(transcript).toContain('Look for: Plans, tests early');
    expect(saves).toEqual([
      ['R4', { points: 2 }],
      ['R4', { points: 2, note: 'clear' }],
      ['R5', { points: 1 }],
    ]);
    expect(result).toEqual({
      scored: ['R4', 'R5'],
      pending: [],
      interrupted: false,
      inputEnded: false,
    });
  });

  it('keeps a saved score and note on Enter, and removes a note with "-"', async () => {
    const saved = { R4: { points: 3, note: 'old' }, R5: { points: 1, note: 'gone' } };
    const { saves, result } = await drive(['', '', '', '-'], saved);
    expect(saves).toEqual([['R5', { points: 1 }]]);
    expect(result.pending).toEqual([]);
  });

  it('leaves the rest pending when the answers run out', async () => {
    const { result, saves } = await drive(['2']);
    expect(saves).toEqual([['R4', { points: 2 }]]);
    expect(result).toEqual({
      scored: ['R4'],
      pending: ['R5'],
      interrupted: false,
      inputEnded: true,
    });
  });

  it('stops at once when aborted, keeping what was saved', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const abort = new AbortController();
    const saves: string[] = [];
    output.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Note for R4')) abort.abort();
    });
    const done = promptManualScores({
      rubric: sampleRubric,
      saved: {},
      input,
      output,
      signal: abort.signal,
      save: async (id) => {
        saves.push(id);
      },
    });
    input.write('2\n');
    const result = await done;
    expect(saves).toEqual(['R4']);
    expect(result).toEqual({
      scored: ['R4'],
      pending: ['R5'],
      interrupted: true,
      inputEnded: false,
    });
  });
});
