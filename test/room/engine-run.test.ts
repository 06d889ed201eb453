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
        runner: createEngineRunner({ timeoutMs: 60_000 }),
        starterFiles: undefined,
      });
      const candidate = await ctx.connect('candidate');
      candidate.waitMs = 80_000;
      candidate.send({ type: 'run.request' });
      const result = await candidate.next('run.result', 'run.result (real engine)');
      expect(result.error).toBeUndefined();
      expect(result.report).toMatchObject({
        schema: 'interview-kit/grade-report',
        scope: 'visible',
        level: { id: 'level1' },
      });
      expect(
        result.report?.criteria.flatMap((c) => c.tests).every((t) => t.visibility === 'visible'),
      ).toBe(true);
    },
    90_000,
  );
});
