import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room bad input', () => {
  it('answers malformed JSON, wrong shapes and unknown types with an error and carries on', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    const cases: [unknown, string][] = [
      ['{not json', 'bad-json'],
      ['[1,2]', 'bad-message'],
      [{ text: 'no type' }, 'bad-message'],
      [{ type: 'chat', text: 42 }, 'bad-message'],
      [{ type: 'chat', text: '   ' }, 'bad-message'],
      [{ type: 'typing', typing: 'yes' }, 'bad-message'],
      [{ type: 'run.request', scope: 'everything' }, 'bad-message'],
      [{ type: 'launch.missiles' }, 'unknown-type'],
    ];
    for (const [message, code] of cases) {
      candidate.send(message);
      expect((await candidate.next('error')).code, JSON.stringify(message)).toBe(code);
    }
    candidate.ws.send(Buffer.from([7, 1, 2, 3]), { binary: true });
    expect((await candidate.next('error')).code).toBe('bad-message');
    candidate.send({ type: 'chat', text: 'still here' });
    expect((await interviewer.next('chat')).text).toBe('still here');
  });

  it('closes a connection that sends an oversized frame with 1009; the others carry on', async () => {
    ctx = await startTestServer({ limits: { maxFrameBytes: 64 * 1024 } });
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    candidate.send({ type: 'chat', text: 'x'.repeat(100 * 1024) });
    expect((await candidate.waitClosed()).code).toBe(1009);
    expect((await interviewer.next('presence')).event).toBe('leave');
    interviewer.send({ type: 'chat', text: 'fine' });
    expect((await interviewer.next('chat')).text).toBe('fine');
  });

  it('rate-limits a flood with one error, then closes a client that keeps going with 4029', async () => {
    let now = 0;
    ctx = await startTestServer({
      now: () => now,
      limits: { rateBurst: 6, ratePerSecond: 1, floodCloseAfter: 20 },
    });
    // The burst of 6 is the client's sync reply on join plus five chats.
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    for (let i = 0; i < 8; i += 1) candidate.send({ type: 'chat', text: `m${i}` });
    const error = await candidate.next('error');
    expect(error.code).toBe('rate-limited');
    // Sentinel after the clock refills the bucket: only the first five and the sentinel arrived.
    now += 1000;
    candidate.send({ type: 'chat', text: 'after' });
    await interviewer.until(
      () => (interviewer.all('chat').some((c) => c.text === 'after') ? true : undefined),
      'sentinel',
    );
    expect(interviewer.all('chat').map((c) => c.text)).toEqual([
      'm0',
      'm1',
      'm2',
      'm3',
      'm4',
      'after',
    ]);
    expect(candidate.all('error')).toHaveLength(1);
    for (let i = 0; i < 30; i += 1) candidate.send({ type: 'typing', typing: true });
    expect((await candidate.waitClosed()).code).toBe(4029);
    interviewer.send({ type: 'chat', text: 'carry on' });
    expect((await interviewer.next('chat', 'carry on')).text).toBeDefined();
  });
});
