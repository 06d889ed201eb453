import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LevelId } from '../../src/grading/types.js';
import { scanSources } from '../../src/integrity/scan-sources.js';
import { kitRoot } from '../../src/paths.js';
import { gradeFiles, readFixture, removeMade } from './support/graded-copy.js';

// No false alarms: correct solutions of other designs than the reference (closures, a two-stack
// queue walked by generators, a closure hub with async/await, generators over a Map of peers, a handler per room with an async
// lock per room) are never flagged or called tampered, and earn every auto point.

afterAll(removeMade);

const honest = join(kitRoot, 'test/fixtures/honest');
const GRADING_MS = 120_000;

const cases: [LevelId, string][] = [
  ['level1', 'async-closures'],
  ['level1', 'generators'],
  ['level2', 'closures'],
  ['level2', 'generators'],
  ['level3', 'async-queues'],
];

describe('honest solutions', () => {
  it.each(cases)(
    '%s/%s earns every auto point, unflagged and trusted',
    async (level, name) => {
      const report = await gradeFiles(level, await readFixture(join(honest, level, name)));
      // A criterion whose tests all skip (the Redis suite without REDIS_URL) is out of the total.
      const scored = report.criteria.filter((c) => c.kind !== 'manual' && c.status !== 'skipped');
      const failing = scored
        .filter((c) => c.status !== 'passed')
        .map((c) => `${c.id}: ${c.tests.find((t) => t.state !== 'passed')?.errors[0] ?? c.status}`);
      expect(failing).toEqual([]);
      expect(scored.length).toBeGreaterThan(0);
      const sum = (f: (c: (typeof scored)[number]) => number) =>
        scored.reduce((n, c) => n + f(c), 0);
      expect(sum((c) => c.earned)).toBe(sum((c) => c.points));
      expect(report.integrity.tampered).toBe(false);
      expect(report.integrity.flags).toEqual([]);
    },
    GRADING_MS,
  );

  it('the reference solutions and the starters raise no integrity flag', async () => {
    const levels = (await readdir(join(kitRoot, 'solutions'))).sort();
    const flags = [];
    for (const level of levels) {
      flags.push(...(await scanSources(join(kitRoot, 'solutions', level))));
      flags.push(...(await scanSources(join(kitRoot, 'levels', level, 'src'))));
    }
    expect(flags).toEqual([]);
  });
});
