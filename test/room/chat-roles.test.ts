import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room chat and presence', () => {
  it('broadcasts chat to everyone, sender included, as plain text', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    const observer = await ctx.connect('observer');
    candidate.send({ type: 'chat', text: '  <script>alert(1)</script>  ' });
    for (const client of [interviewer, candidate, observer]) {
      const chat = await client.next('chat');
      expect(chat).toMatchObject({
        id: 1,
        text: '<script>alert(1)</script>',
        from: { role: 'candidate', name: 'Ada' },
      });
    }
  });

  it('sends the chat history on join', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'chat', text: 'first' });
    candidate.send({ type: 'chat', text: 'second' });
    await candidate.next('chat');
    await candidate.next('chat');
    const interviewer = await ctx.connect('interviewer');
    expect(interviewer.all('welcome')[0]?.chat.map((c) => c.text)).toEqual(['first', 'second']);
  });

  it('refuses chat over the size limit and keeps the connection', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    candidate.send({ type: 'chat', text: 'x'.repeat(2001), ref: 'r1' });
    expect(await candidate.next('error')).toMatchObject({ code: 'too-large', ref: 'r1' });
    candidate.send({ type: 'chat', text: 'x'.repeat(2000) });
    expect((await candidate.next('chat')).text).toHaveLength(2000);
  });

  it('sends typing to the others, never back to the typer', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate', 'Ada');
    candidate.send({ type: 'typing', typing: true });
    expect(await interviewer.next('typing')).toMatchObject({ typing: true, peer: { name: 'Ada' } });
    // Sentinel: the typer's own later chat arrives; no typing message came before it.
    candidate.send({ type: 'chat', text: 'sentinel' });
    await candidate.next('chat');
    expect(candidate.all('typing')).toEqual([]);
  });

  it('announces join and leave as presence events', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate', 'Ada');
    const join = await interviewer.next('presence');
    expect(join).toMatchObject({ event: 'join', peer: { role: 'candidate', name: 'Ada' } });
    expect(join.peers).toHaveLength(2);
    await candidate.close();
    const leave = await interviewer.next('presence');
    expect(leave).toMatchObject({ event: 'leave', reason: 'closed', peer: { name: 'Ada' } });
    expect(leave.peers.map((p) => p.role)).toEqual(['interviewer']);
  });
});

describe('room roles', () => {
  it("lets the interviewer revoke and restore the candidate's edit rights", async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    interviewer.send({ type: 'role.set', role: 'candidate', canEdit: false });
    const changed = await candidate.next('role.changed');
    expect(changed.rights).toEqual({ interviewer: true, candidate: false });
    candidate.insert('room.ts', 0, 'nope ');
    expect((await candidate.next('error')).code).toBe('read-only');
    interviewer.send({ type: 'role.set', role: 'candidate', canEdit: true });
    await candidate.next('role.changed');
    // A client whose update was dropped has diverged; it resyncs with a fresh document.
    await candidate.close();
    const fresh = await ctx.connect('candidate');
    expect(fresh.all('welcome')[0]?.you.canEdit).toBe(true);
    fresh.insert('server.ts', 0, 'yes ');
    await interviewer.waitForText('server.ts', "yes export const greeting = 'hello';\n");
    expect(interviewer.text('room.ts')).toBe('export class Room {}\n');
  });

  it('lets the interviewer switch its own editing off', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    interviewer.send({ type: 'role.set', role: 'interviewer', canEdit: false });
    expect((await interviewer.next('role.changed')).peers[0]?.canEdit).toBe(false);
    interviewer.insert('room.ts', 0, 'x');
    expect((await interviewer.next('error')).code).toBe('read-only');
  });

  it('refuses role changes, notes and ending from anyone but the interviewer', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    for (const m of [
      { type: 'role.set', role: 'candidate', canEdit: true },
      { type: 'note', text: 'x' },
      { type: 'session.end' },
    ]) {
      candidate.send(m);
      expect((await candidate.next('error')).code).toBe('forbidden');
    }
  });

  it('keeps interviewer notes from candidate and observers, even on join', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    interviewer.send({ type: 'note', text: 'weak on backpressure' });
    expect((await interviewer.next('note')).text).toBe('weak on backpressure');
    candidate.send({ type: 'chat', text: 'sentinel' });
    await candidate.next('chat');
    const observer = await ctx.connect('observer');
    const second = await ctx.connect('interviewer');
    expect(second.all('welcome')[0]?.notes.map((n) => n.text)).toEqual(['weak on backpressure']);
    expect(observer.all('welcome')[0]?.notes).toEqual([]);
    expect(JSON.stringify([...candidate.messages, ...observer.messages])).not.toContain(
      'backpressure',
    );
  });

  it('makes an ended session read-only, and still lets people read it', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    interviewer.send({ type: 'session.end' });
    expect((await candidate.next('session.ended')).rights).toEqual({
      interviewer: false,
      candidate: false,
    });
    candidate.send({ type: 'chat', text: 'late' });
    expect((await candidate.next('error')).code).toBe('session-ended');
    candidate.insert('room.ts', 0, 'late');
    expect((await candidate.next('error')).code).toBe('session-ended');
    const again = await ctx.connect('candidate');
    expect(again.all('welcome')[0]?.session.endedAt).not.toBeNull();
    expect(again.text('room.ts')).toBe('export class Room {}\n');
    expect(ctx.server.store.get(ctx.session.id).endedAt).not.toBeNull();
  });
});
