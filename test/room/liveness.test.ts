import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room liveness', () => {
  it('terminates a peer that misses two pings and marks it left', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate', 'Ada');
    expect((await interviewer.next('presence')).event).toBe('join');
    candidate.ws.pause(); // a frozen client: reads nothing, so it answers no ping
    for (let tick = 1; tick <= 2; tick += 1) {
      ctx.server.tickHeartbeat();
      await interviewer.until(
        () => (interviewer.pings === tick ? true : undefined),
        `ping ${tick}`,
      );
      // The pong went out before this chat, so once the chat is back the server has seen the pong.
      interviewer.send({ type: 'chat', text: `sentinel ${tick}` });
      await interviewer.next('chat');
    }
    ctx.server.tickHeartbeat();
    const leave = await interviewer.next('presence');
    expect(leave).toMatchObject({ event: 'leave', reason: 'timeout', peer: { name: 'Ada' } });
    expect(ctx.server.room(ctx.session.id)?.peers.map((p) => p.role)).toEqual(['interviewer']);
  });

  it('keeps a peer that answers pings', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const peer = ctx.server.room(ctx.session.id)?.connections()[0];
    for (let tick = 1; tick <= 5; tick += 1) {
      ctx.server.tickHeartbeat();
      await candidate.until(() => (candidate.pings === tick ? true : undefined), `ping ${tick}`);
      candidate.send({ type: 'chat', text: `sentinel ${tick}` });
      await candidate.next('chat');
      expect(peer?.missedPings).toBe(0);
    }
    expect(candidate.closed).toBeNull();
  });

  it('gives a reconnecting client the code, the chat it missed and the last run', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'chat', text: 'before' });
    await interviewer.next('chat');
    await candidate.close();
    interviewer.insert('room.ts', 0, '// while away\n');
    interviewer.send({ type: 'chat', text: 'while away' });
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.result');
    const back = await ctx.connect('candidate');
    const welcome = back.all('welcome')[0];
    expect(welcome?.chat.map((c) => c.text)).toEqual(['before', 'while away']);
    expect(welcome?.lastRun?.runId).toBe(1);
    await back.waitForText('room.ts', '// while away\nexport class Room {}\n');
  });

  it('frees an empty room and restores it from the recording on the next join', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    candidate.insert('server.ts', 0, '// kept\n');
    candidate.send({ type: 'chat', text: 'kept' });
    await candidate.next('chat');
    const room = ctx.server.room(ctx.session.id);
    await candidate.close();
    await candidate.until(
      () => (ctx.server.room(ctx.session.id) ? undefined : true),
      'the room to be freed',
    );
    expect(room?.doc.isDestroyed).toBe(true);
    const back: TestClient = await ctx.connect('candidate');
    expect(back.text('server.ts')).toBe("// kept\nexport const greeting = 'hello';\n");
    expect(back.all('welcome')[0]?.chat.map((c) => c.text)).toEqual(['kept']);
    back.send({ type: 'chat', text: 'again' });
    expect((await back.next('chat')).id).toBe(2);
  });
});
