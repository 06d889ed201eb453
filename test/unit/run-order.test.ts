import { describe, expect, it } from 'vitest';
import type { ExpectedFile } from '../../src/grading/collect-outcomes.js';
import { longestFirst } from '../../src/grading/run-order.js';
import type { Rubric } from '../../src/grading/types.js';

const rubric: Rubric = {
  level: 'level2',
  hintCost: 0,
  criteria: [
    { id: 'R1', title: 'fast path', points: 10, kind: 'auto' },
    { id: 'R2', title: 'growth', points: 10, kind: 'performance' },
  ],
};

function file(path: string, visibility: 'visible' | 'hidden', criteria: string[]): ExpectedFile {
  const tests = criteria.map((criterion, i) => ({ title: `[${criterion}] test ${i}`, criterion }));
  return { path, file: path, visibility, tests };
}

describe('longestFirst', () => {
  it('starts timed graders first, then hidden graders, then visible tests, ties in order', () => {
    const files = [
      file('visible-a', 'visible', ['R1']),
      file('hidden-a', 'hidden', ['R1']),
      file('visible-b', 'visible', ['R1']),
      file('timed', 'hidden', ['R2']),
      file('hidden-b', 'hidden', ['R1', 'R1']),
    ];
    expect(longestFirst(files, rubric)).toEqual([
      'timed',
      'hidden-a',
      'hidden-b',
      'visible-a',
      'visible-b',
    ]);
  });

  it('counts a file as timed when any of its tests judges a performance criterion', () => {
    const files = [file('hidden', 'hidden', ['R1']), file('mixed', 'visible', ['R1', 'R2'])];
    expect(longestFirst(files, rubric)).toEqual(['mixed', 'hidden']);
  });
});
