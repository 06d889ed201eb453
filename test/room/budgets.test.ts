import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../src/commands/serve.js';
import { readRecording } from '../../src/room/store/recording.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room byte budgets', () => {
  it('drops frames past the bytes-per-second budget with byte-rate-limited, then takes them again', async () => {
    let now = 0;
    ctx = await startTestServer({
      now: () => now,
      limits: { byteBurst: 64 * 1024, bytesPerSecond: 16 * 1024 },
    });
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    candidate.send({ type: 'chat', text: 'a'.repeat(1500) });
    await interviewer.next('chat');
    // Each near 1 MiB of updates would pass a frame count; bytes do not.
    candidate.insert('room.ts', 0, 'x'.repeat(40 * 1024));
    await interviewer.waitForText('room.ts', `${'x'.repeat(40 * 1024)}export class Room {}\n`);
    candidate.send({ type: 'chat', text: 'b'.repeat(1900) });
    candidate.insert('server.ts', 0, 'y'.repeat(30 * 1024));
    const error = await candidate.next('error');
    expect(error.code).toBe('byte-rate-limited');
    expect(error.message).toBe(
      'Too much data: at most 16 KiB a second. Dropped until the rate falls.',
    );
    now += 10_000;
    candidate.send({ type: 'chat', text: 'after' });
    await interviewer.until(
      () => interviewer.all('chat').find((c) => c.text === 'after'),
      'the chat after the refill',
    );
    expect(ctx.server.room(ctx.session.id)?.doc.getText('server.ts').toString()).not.toContain('y');
    expect(candidate.all('error')).toHaveLength(1);
  });

  it('refuses new events once the recording reaches its cap, with recording-full; leaves are still kept', async () => {
    ctx = await startTestServer({ limits: { maxRecordingBytes: 4096 } });
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    let refused: { code: string; message: string } | undefined;
    for (let i = 0; i < 20 && !refused; i += 1) {
      candidate.send({ type: 'chat', text: `${i} ${'z'.repeat(300)}` });
      const reply = await candidate.until(
        () =>
          candidate.all('error')[0] ??
          candidate.all('chat').find((c) => c.text.startsWith(`${i} `)),
        `chat ${i} or a refusal`,
      );
      if (reply.type === 'error') refused = reply;
    }
    expect(refused?.code).toBe('recording-full');
    expect(refused?.message).toBe(
      "This session's recording reached its cap of 4 KiB, so nothing more can be saved. End it and start a new session.",
    );
    await candidate.next('error', 'the refused chat');
    // Bigger than the refused chat, so it cannot fit under the cap either.
    candidate.insert('room.ts', 0, 'more'.repeat(200));
    expect((await candidate.next('error', 'the refused edit')).code).toBe('recording-full');
    // Fill what is left with one-letter chats, so not even a join fits any more.
    for (let i = 0; i < 100; i += 1) {
      const chats = candidate.all('chat').length;
      const errors = candidate.all('error').length;
      candidate.send({ type: 'chat', text: 'x' });
      const reply = await candidate.until(() => {
        if (candidate.all('error').length > errors) return 'refused';
        return candidate.all('chat').length > chats ? 'recorded' : undefined;
      }, 'a short chat or its refusal');
      if (reply === 'refused') break;
    }
    await candidate.close();
    await interviewer.until(
      () => interviewer.all('presence').find((p) => p.event === 'leave'),
      'the leave',
    );
    const before = readRecording(ctx.server.store.recordingPath(ctx.session.id)).events;
    expect(before.at(-1)).toMatchObject({ type: 'leave', reason: 'closed' });
    // The session can still be opened to read; that join and its leave are not recorded.
    const reader = await ctx.connect('observer');
    expect((await reader.next('error')).code).toBe('recording-full');
    expect(ctx.server.summarize(ctx.session).online).toBe(2);
    await reader.close();
    const { events } = readRecording(ctx.server.store.recordingPath(ctx.session.id));
    expect(events).toHaveLength(before.length);
    expect(events.some((e) => e.type === 'code' && e.peer !== null)).toBe(false);
  });

  it('refuses an edit that grows the code past the document cap with document-too-large', async () => {
    ctx = await startTestServer({ limits: { maxDocBytes: 8 * 1024 } });
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    candidate.insert('room.ts', 0, 'w'.repeat(10 * 1024));
    const error = await candidate.next('error');
    expect(error.code).toBe('document-too-large');
    expect(error.message).toBe(
      'The code may not grow past 8 KiB; this edit was dropped. Reload the page to get the saved code back.',
    );
    interviewer.insert('room.ts', 0, 'fits ');
    interviewer.send({ type: 'chat', text: 'sentinel' });
    await candidate.next('chat');
    expect(ctx.server.room(ctx.session.id)?.doc.getText('room.ts').toString()).toBe(
      'fits export class Room {}\n',
    );
  });

  it('takes the recording cap from `kit serve --max-recording-mb`', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kit-room-budget-'));
    const result = await serve({ port: 0, data, maxRecordingMb: 2 });
    try {
      expect(result.server.limits.maxRecordingBytes).toBe(2 * 1024 * 1024);
    } finally {
      await result.close();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
