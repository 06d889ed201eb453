import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room runs', () => {
  it("runs the candidate's current code against the visible tests and broadcasts the result", async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.insert('room.ts', 0, '// v2\n');
    await interviewer.waitForText('room.ts', '// v2\nexport class Room {}\n');
    candidate.send({ type: 'run.request', scope: 'all' });
    expect(await interviewer.next('run.started')).toMatchObject({ runId: 1, scope: 'visible' });
    expect((await interviewer.next('run.result')).report?.scope).toBe('visible');
    const result = await candidate.next('run.result');
    expect(result.tests?.tests.map((t) => t.name)).toEqual(['visible one']);
    const { levelId, scope, files, timeoutMs } = ctx.runner.inputs[0] ?? {};
    expect({ levelId, scope, files }).toEqual({
      levelId: 'level1',
      scope: 'visible',
      files: {
        'server.ts': "export const greeting = 'hello';\n",
        'room.ts': '// v2\nexport class Room {}\n',
      },
    });
    // The room stops a visible run at 15 s; the engine's own limit is a later backstop.
    expect(timeoutMs).toBeGreaterThan(15_000);
  });

  it('shows hidden test details to the interviewer only', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const observer = await ctx.connect('observer');
    interviewer.send({ type: 'run.request' });
    const full = await interviewer.next('run.result');
    const names = full.report?.criteria[0]?.tests.map((t) => t.name);
    expect(names).toEqual(['visible one', '[R1] secret edge case']);
    const seen = await observer.next('run.result');
    const hidden = seen.report?.criteria[0]?.tests[1];
    expect(hidden).toMatchObject({
      name: 'hidden test',
      errors: [],
      state: 'failed',
      visibility: 'hidden',
    });
    expect(JSON.stringify(seen)).not.toMatch(/secret|private/);
    const late = await ctx.connect('observer');
    expect(JSON.stringify(late.all('welcome')[0]?.lastRun)).not.toMatch(/secret|private/);
    expect(late.all('welcome')[0]?.lastRun?.runId).toBe(1);
  });

  it('runs one at a time per session', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    ctx.runner.hold = true;
    candidate.send({ type: 'run.request' });
    await candidate.next('run.started');
    candidate.send({ type: 'run.request' });
    expect((await candidate.next('error')).code).toBe('run-busy');
    ctx.runner.hold = false;
    ctx.runner.release();
    await candidate.next('run.result');
    candidate.send({ type: 'run.request' });
    expect((await candidate.next('run.result')).runId).toBe(2);
  });

  it('refuses runs from observers', async () => {
    ctx = await startTestServer();
    const observer = await ctx.connect('observer');
    observer.send({ type: 'run.request' });
    expect((await observer.next('error')).code).toBe('forbidden');
    expect(ctx.runner.inputs).toEqual([]);
  });

  it("reports a runner failure as the run's error", async () => {
    ctx = await startTestServer({
      runner: { run: async () => Promise.reject(new Error('engine exploded')) },
    });
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'run.request' });
    expect(await candidate.next('run.result')).toMatchObject({
      runId: 1,
      error: 'engine exploded',
    });
    expect(ctx.logs.join('\n')).toContain('run 1 failed');
  });
});
