import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/paths.js';
import { createEngineRunner } from '../../src/room/live/runner.js';
import { readRecording } from '../../src/room/store/recording.js';
import { fakeReport, startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => ctx?.stop());

const elapsed = (run: { startedAt: string; finishedAt: string }) =>
  Date.parse(run.finishedAt) - Date.parse(run.startedAt);

describe('cancelling a run', () => {
  it('lets the one who started it cancel it, and records who did', async () => {
    ctx = await startTestServer();
    ctx.runner.hold = true;
    const candidate = await ctx.connect('candidate', 'Ada');
    const interviewer = await ctx.connect('interviewer', 'Grace');
    candidate.send({ type: 'run.request' });
    const started = await candidate.next('run.started');
    expect(started.limitMs).toBe(15_000);
    candidate.send({ type: 'run.cancel', runId: started.runId });
    const result = await candidate.next('run.result');
    expect(result.stopped).toEqual({
      reason: 'cancelled',
      by: expect.objectContaining({ role: 'candidate', name: 'Ada' }),
    });
    expect((await interviewer.next('run.result')).stopped?.reason).toBe('cancelled');
    const events = readRecording(ctx.server.store.recordingPath(ctx.session.id)).events;
    const recorded = events.find((e) => e.type === 'run.result');
    expect(recorded?.type === 'run.result' && recorded.run.stopped?.reason).toBe('cancelled');
    // The room is free again.
    ctx.runner.hold = false;
    candidate.send({ type: 'run.request' });
    expect((await candidate.next('run.result')).stopped).toBeUndefined();
  });

  it("lets the interviewer cancel anyone's run and nobody else cancel another's", async () => {
    ctx = await startTestServer();
    ctx.runner.hold = true;
    const candidate = await ctx.connect('candidate', 'Ada');
    const other = await ctx.connect('candidate', 'Mallory');
    const observer = await ctx.connect('observer', 'Olive');
    const interviewer = await ctx.connect('interviewer', 'Grace');
    candidate.send({ type: 'run.request' });
    const { runId } = await interviewer.next('run.started');
    other.send({ type: 'run.cancel', runId });
    expect(await other.next('error')).toMatchObject({
      code: 'forbidden',
      message: `Only Ada, who started run ${runId}, or the interviewer may cancel it.`,
    });
    observer.send({ type: 'run.cancel', runId });
    expect((await observer.next('error')).code).toBe('forbidden');
    interviewer.send({ type: 'run.cancel', runId: runId + 1 });
    expect((await interviewer.next('error')).code).toBe('no-such-run');
    interviewer.send({ type: 'run.cancel', runId });
    const result = await candidate.next('run.result');
    expect(result.stopped).toMatchObject({ reason: 'cancelled', by: { name: 'Grace' } });
  });

  it('refuses a cancel without a run number', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'run.cancel', runId: 'all' });
    expect((await candidate.next('error')).code).toBe('bad-message');
  });
});

describe('the time limit of a run', () => {
  it('stops a visible run at its own limit, apart from the full grade’s', async () => {
    ctx = await startTestServer({ runTimeouts: { visibleMs: 150, allMs: 400 } });
    ctx.runner.hold = true;
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    candidate.send({ type: 'run.request' });
    expect((await interviewer.next('run.started')).limitMs).toBe(150);
    const result = await candidate.next('run.result');
    expect(result.stopped).toEqual({ reason: 'limit', limitMs: 150 });
    expect(elapsed(result)).toBeGreaterThanOrEqual(150);
    expect(ctx.runner.inputs[0]?.signal.aborted).toBe(true);
    await interviewer.next('run.result');
    interviewer.send({ type: 'run.request', scope: 'all' });
    expect((await interviewer.next('run.started')).limitMs).toBe(400);
    expect((await interviewer.next('run.result')).stopped).toEqual({
      reason: 'limit',
      limitMs: 400,
    });
  });
});

describe('a runner that ignores the stop', () => {
  it('is given up on, so the room is free again', async () => {
    let calls = 0;
    ctx = await startTestServer({
      runTimeouts: { visibleMs: 100 },
      runner: {
        run: (input) => {
          calls += 1;
          // The first run never ends, whatever its signal says; the next one answers.
          return calls === 1 ? new Promise(() => {}) : Promise.resolve(fakeReport(input.scope));
        },
      },
    });
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'run.request' });
    const result = await candidate.next('run.result');
    expect(result).toMatchObject({
      stopped: { reason: 'limit', limitMs: 100 },
      error: 'The run did not stop within 1 s; its result is lost.',
    });
    candidate.send({ type: 'run.request' });
    expect((await candidate.next('run.result')).runId).toBe(2);
  });
});

describe("a run's output", () => {
  it('streams to those who may see it, capped and marked where it was cut', async () => {
    ctx = await startTestServer({ limits: { maxRunOutputBytes: 64 } });
    ctx.runner.output = `${'x'.repeat(40)}\n${'é'.repeat(40)}\n`;
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    candidate.send({ type: 'run.request' });
    const result = await candidate.next('run.result');
    const streamed = candidate.all('run.output');
    expect(streamed.map((m) => m.text).join('')).toBe(result.output?.text);
    expect(streamed.at(-1)?.cut).toBe(true);
    expect(result.output?.cut).toBe(true);
    expect(Buffer.byteLength(result.output?.text ?? '')).toBeLessThanOrEqual(64);
    // Cut on a character: 41 bytes of x and newline, then 11 whole é of 2 bytes.
    expect(result.output?.text).toBe(`${'x'.repeat(40)}\n${'é'.repeat(11)}`);
    expect((await interviewer.next('run.result')).output).toEqual(result.output);

    // The interviewer's full grade prints to the interviewer, not to the candidate.
    ctx.runner.output = 'hidden test input 42\n';
    interviewer.send({ type: 'run.request', scope: 'all' });
    await interviewer.next('run.result');
    const late = await candidate.next('run.result');
    expect(late.output).toBeUndefined();
    expect(candidate.all('run.output').map((m) => m.text)).not.toContain('hidden test input 42\n');
    expect(interviewer.all('run.output').at(-1)?.text).toBe('hidden test input 42\n');
  });

  it('is in welcome for a page that joins while the run goes, if it may see it', async () => {
    ctx = await startTestServer();
    ctx.runner.hold = true;
    ctx.runner.output = 'so far\n';
    const candidate = await ctx.connect('candidate', 'Ada');
    candidate.send({ type: 'run.request' });
    await candidate.until(() => candidate.all('run.output')[0], 'the first output');
    const again = await ctx.connect('candidate', 'Ada');
    expect(again.all('welcome')[0]?.running).toMatchObject({
      runId: 1,
      limitMs: 15_000,
      by: { name: 'Ada' },
      output: { text: 'so far\n', cut: false },
    });
    ctx.runner.release();
    await again.next('run.result');
    // The interviewer's run's output stays out of a candidate's welcome.
    const interviewer = await ctx.connect('interviewer');
    interviewer.send({ type: 'run.request', scope: 'all' });
    await interviewer.until(() => interviewer.all('run.output')[0], 'the first output');
    const late = await ctx.connect('candidate', 'Ada');
    expect(late.all('welcome')[0]?.running?.runId).toBe(2);
    expect(late.all('welcome')[0]?.running?.output).toBeUndefined();
    ctx.runner.release();
  });

  it('strips terminal control sequences and server paths from the output', async () => {
    ctx = await startTestServer();
    ctx.runner.output = `\u001b]52;c;aGk=\u0007\u001b[31mred\u001b[0m at ${kitRoot}/graders/x.ts:1:1\n`;
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'run.request' });
    expect((await candidate.next('run.result')).output?.text).toBe('red at graders/x.ts:1:1\n');
  });
});

const level1Ready = existsSync(join(kitRoot, 'levels/level1/src/server.ts'));

/** level1's starter with an infinite loop in start(), after a line that says it got there. */
function loopingServer(): string {
  const starter = readFileSync(join(kitRoot, 'levels/level1/src/server.ts'), 'utf8');
  const start = '  async start(): Promise<number> {\n';
  if (!starter.includes(start)) throw new Error('level1 starter has no start(): update this test');
  return starter.replace(start, `${start}    console.log('in the loop');\n    while (true) {}\n`);
}

describe('a stuck run with the real engine', () => {
  it.skipIf(!level1Ready)(
    'is cancelled within bounds once it prints, and stopped at the limit',
    async () => {
      ctx = await startTestServer({
        runner: createEngineRunner(),
        runTimeouts: { visibleMs: 60_000 },
        starterFiles: () => ({ 'server.ts': loopingServer() }),
      });
      const candidate = await ctx.connect('candidate', 'Ada');
      candidate.waitMs = 60_000;
      candidate.send({ type: 'run.request' });
      const { runId } = await candidate.next('run.started');
      // The run is in the loop once it printed the line before it (a result first is a failure).
      const printed = await candidate.until(
        () =>
          candidate.all('run.output').some((m) => m.text.includes('in the loop'))
            ? 'printed'
            : candidate.all('run.result')[0],
        'the looping code to print',
      );
      expect(printed).toBe('printed');
      const cancelledAt = Date.now();
      candidate.send({ type: 'run.cancel', runId });
      candidate.waitMs = 5_000;
      const result = await candidate.next('run.result', 'the result within 5 s of Cancel');
      expect(Date.now() - cancelledAt).toBeLessThan(5_000);
      expect(result.stopped).toMatchObject({ reason: 'cancelled', by: { name: 'Ada' } });
      expect(result.output?.text).toContain('in the loop');
      expect(result.tests?.failed).toBeGreaterThan(0);
      await ctx.stop();

      // The same code again, with a short limit: the room stops it by itself.
      ctx = await startTestServer({
        runner: createEngineRunner(),
        runTimeouts: { visibleMs: 3_000 },
        starterFiles: () => ({ 'server.ts': loopingServer() }),
      });
      const again = await ctx.connect('candidate', 'Ada');
      again.waitMs = 20_000;
      again.send({ type: 'run.request' });
      const limited = await again.next('run.result', 'the result of a run at its limit');
      expect(limited).toMatchObject({ stopped: { reason: 'limit', limitMs: 3_000 } });
      expect(elapsed(limited)).toBeGreaterThanOrEqual(3_000);
      expect(elapsed(limited)).toBeLessThan(3_000 + 5_000);
    },
    90_000,
  );
});
