import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/paths.js';
import { createEngineRunner } from '../../src/room/live/runner.js';
import { startTestServer } from './helpers.js';

const ready =
  existsSync(join(kitRoot, 'graders/level1/rubric.ts')) &&
  existsSync(join(kitRoot, 'levels/level1/src'));
let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => ctx?.stop());

describe('room runs with the real engine', () => {
  it.skipIf(!ready)(
    "grades the candidate's code with the engine of kit grade",
    async () => {
      // The level's real starter, not the fake one: the graders import its modules.
      ctx = await startTestServer({
        runner: createEngineRunner(),
        runTimeouts: { visibleMs: 60_000 },
        starterFiles: undefined,
      });
      const candidate = await ctx.connect('candidate');
      const interviewer = await ctx.connect('interviewer');
      candidate.waitMs = 80_000;
      interviewer.waitMs = 80_000;
      candidate.send({ type: 'run.request' });
      const full = await interviewer.next('run.result', 'run.result (real engine)');
      expect(full.error).toBeUndefined();
      expect(full.report).toMatchObject({
        schema: 'interview-kit/grade-report',
        scope: 'visible',
        level: { id: 'level1' },
      });
      // The candidate gets the tests of their own run, nothing of the rubric.
      const own = await candidate.next('run.result');
      expect(own.report).toBeUndefined();
      expect(own.tests?.tests.length).toBe(
        full.report?.criteria.flatMap((c) => c.tests).filter((t) => t.visibility === 'visible')
          .length,
      );
      expect(own.tests?.failed).toBeGreaterThan(0);
    },
    90_000,
  );
});
