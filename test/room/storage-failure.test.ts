import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readRecording } from '../../src/room/store/recording.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { FullDisk } from './full-disk.js';
import { api, startTestServer } from './helpers.js';

const PAUSED = 'The server cannot save right now; changes are paused.';
let ctx: Awaited<ReturnType<typeof startTestServer>>;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await ctx?.stop();
  cleanup?.();
  cleanup = undefined;
});

function recorded() {
  const { header, events, tornTail } = readRecording(
    ctx.server.store.recordingPath(ctx.session.id),
  );
  return { events, tornTail, snap: snapshotOf(header, events) };
}

describe('room on a full disk (injected write failures)', () => {
  it('pauses plainly, refuses what it cannot record, keeps counts true, and resumes when space returns', async () => {
    const disk = new FullDisk();
    ctx = await startTestServer({ io: disk, storageRetryMs: 0 });
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate', 'Ada');
    const observer = await ctx.connect('observer');
    disk.full = true;

    candidate.send({ type: 'chat', text: 'lost?', ref: 'c1' });
    const refused = await candidate.next('error');
    expect(refused).toMatchObject({ code: 'storage-paused', message: PAUSED, ref: 'c1' });
    for (const client of [interviewer, candidate, observer]) {
      expect(await client.next('storage')).toEqual({ type: 'storage', ok: false, message: PAUSED });
    }
    // An edit is refused whole: not applied, not forwarded.
    candidate.insert('room.ts', 0, 'paused edit ');
    expect((await candidate.next('error')).code).toBe('storage-paused');
    const room = ctx.server.room(ctx.session.id);
    expect(room?.doc.getText('room.ts').toString()).toBe('export class Room {}\n');

    // A join is refused without a ghost; a leave and a heartbeat timeout do not crash.
    const late = new WebSocket(
      `${ctx.server.origin.replace('http', 'ws')}/ws/${ctx.session.id}?token=${ctx.session.tokens.observer}`,
    );
    const lateMessages: string[] = [];
    late.on('message', (data) => lateMessages.push(String(data)));
    const [code] = (await once(late, 'close')) as [number];
    expect(code).toBe(1013);
    expect(lateMessages.map((m) => JSON.parse(m))).toEqual([
      { type: 'error', code: 'storage-paused', message: PAUSED },
    ]);
    expect(ctx.server.summarize(ctx.session).online).toBe(3);
    await observer.close();
    await interviewer.next('presence');
    expect(ctx.server.summarize(ctx.session).online).toBe(2);
    const timedOut = room?.connections().find((p) => p.info.role === 'interviewer');
    if (timedOut) timedOut.missedPings = 2;
    ctx.server.tickHeartbeat();
    expect(await interviewer.waitClosed()).toBeDefined();
    expect(ctx.server.summarize(ctx.session).online).toBe(1);

    disk.full = false;
    expect(room?.retryStorage()).toBe(true);
    expect(await candidate.next('storage', 'storage resumed')).toMatchObject({ ok: true });
    // The edit refused while paused comes back from the candidate's copy on the resync; the chat
    // after it is the sentinel (frames of one socket are handled in order).
    candidate.send({ type: 'chat', text: 'back' });
    expect((await candidate.next('chat')).text).toBe('back');
    expect(room?.doc.getText('room.ts').toString()).toBe('paused edit export class Room {}\n');
    expect(disk.failures).toBeGreaterThan(0);

    const { events, tornTail, snap } = recorded();
    expect(tornTail).toBe(false);
    expect(events.filter((e) => e.type === 'chat').map((e) => e.type === 'chat' && e.text)).toEqual(
      ['back'],
    );
    expect(events.some((e) => e.type === 'outage' && e.error === 'ENOSPC')).toBe(true);
    // The leaves during the outage were kept and written on resume.
    expect(events.filter((e) => e.type === 'leave')).toHaveLength(2);
    expect(snap.doc.getText('room.ts').toString()).toBe('paused edit export class Room {}\n');
  });

  it('refuses runs, rights and the end while paused; a run that finishes meanwhile keeps its result', async () => {
    const disk = new FullDisk();
    ctx = await startTestServer({ io: disk, storageRetryMs: 0 });
    const interviewer = await ctx.connect('interviewer');
    ctx.runner.hold = true;
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.started');
    disk.full = true;
    interviewer.send({ type: 'role.set', role: 'candidate', canEdit: false });
    expect((await interviewer.next('error')).code).toBe('storage-paused');
    interviewer.send({ type: 'session.end' });
    expect((await interviewer.next('error')).code).toBe('storage-paused');
    ctx.runner.release();
    await interviewer.next('run.result');
    interviewer.send({ type: 'run.request' });
    expect((await interviewer.next('error')).code).toBe('storage-paused');
    disk.full = false;
    ctx.server.room(ctx.session.id)?.retryStorage();
    await interviewer.next('storage');
    const { events } = recorded();
    expect(events.filter((e) => e.type === 'run.result')).toHaveLength(1);
    expect(events.some((e) => e.type === 'rights' || e.type === 'end')).toBe(false);
  });

  it('answers a session created on a full disk with 507 storage-paused', async () => {
    const disk = new FullDisk();
    ctx = await startTestServer({ io: disk, storageRetryMs: 0 });
    disk.full = true;
    const res = await api(ctx.server, 'POST', '/api/sessions', { level: 'level1' });
    expect(res).toEqual({
      status: 507,
      body: {
        error: {
          code: 'storage-paused',
          message: 'The server cannot save right now; try again later.',
        },
      },
    });
  });

  it('tries again on its own timer', async () => {
    const disk = new FullDisk();
    ctx = await startTestServer({ io: disk, storageRetryMs: 20 });
    const candidate = await ctx.connect('candidate');
    disk.full = true;
    candidate.send({ type: 'chat', text: 'x' });
    expect((await candidate.next('storage')).ok).toBe(false);
    disk.full = false;
    expect((await candidate.next('storage')).ok).toBe(true);
  });
});

const root = process.getuid?.() === 0;

describe('room on a real full disk (a small tmpfs)', () => {
  it.skipIf(!root)(
    `survives ENOSPC from the kernel and resumes when space returns${root ? '' : ' (skipped: mounting a tmpfs needs root)'}`,
    async () => {
      const mount = mkdtempSync(join(tmpdir(), 'kit-room-tmpfs-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mount]);
      cleanup = () => {
        execFileSync('umount', ['-l', mount]);
        rmSync(mount, { recursive: true, force: true });
      };
      const dataDir = join(mount, 'data');
      mkdirSync(dataDir);
      ctx = await startTestServer({ dataDir, storageRetryMs: 20 });
      const interviewer = await ctx.connect('interviewer');
      const candidate = await ctx.connect('candidate');
      candidate.send({ type: 'chat', text: 'before' });
      await interviewer.next('chat');
      // Fill the disk to the last byte.
      const filler = join(mount, 'filler');
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(4096, 1);
      const fill = (size: number) => {
        try {
          for (;;) writeSync(fd, block, 0, size);
        } catch {
          // ENOSPC: full at this granularity.
        }
      };
      fill(block.length);
      fill(1);
      closeSync(fd);
      // Larger than a page, so it cannot fit in the slack of the recording's last page.
      candidate.insert('room.ts', 0, 'x'.repeat(20_000));
      expect((await candidate.next('error')).code).toBe('storage-paused');
      expect((await interviewer.next('storage')).ok).toBe(false);
      await candidate.close();
      await interviewer.until(
        () => interviewer.all('presence').find((p) => p.event === 'leave'),
        'the leave',
      );
      rmSync(filler);
      expect((await interviewer.next('storage')).ok).toBe(true);
      interviewer.send({ type: 'chat', text: 'after' });
      expect((await interviewer.next('chat')).text).toBe('after');
      const { events, tornTail } = recorded();
      expect(tornTail).toBe(false);
      expect(events.flatMap((e) => (e.type === 'chat' ? [e.text] : []))).toEqual([
        'before',
        'after',
      ]);
      expect(events.some((e) => e.type === 'leave')).toBe(true);
    },
  );
});
