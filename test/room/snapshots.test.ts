import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RoomServer } from '../../src/room/room-server.js';
import { readRecording, readRecordingTail } from '../../src/room/store/recording.js';
import { RECORDING_VERSION } from '../../src/room/store/recording-types.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { FakeRunner, STARTER, startTestServer, TestClient } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
const servers: RoomServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  await ctx?.stop();
});

/** A second server on the same data dir: the room loads from the recording alone. */
async function reopen(): Promise<RoomServer> {
  const server = await RoomServer.start({
    dataDir: ctx.dataDir,
    runner: new FakeRunner(),
    heartbeatMs: 0,
    starterFiles: () => ({ ...STARTER }),
    log: () => {},
    limits: { chatHistory: 5 },
  });
  servers.push(server);
  return server;
}

describe('recording snapshots', () => {
  it('loads a long session from its last snapshot to the same state; replay keeps the full history', async () => {
    ctx = await startTestServer({ snapshotEveryBytes: 2048, limits: { chatHistory: 5 } });
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    for (let i = 0; i < 40; i += 1) {
      candidate.insert('room.ts', 0, `// line ${i}\n`);
      candidate.send({ type: 'chat', text: `chat ${i}` });
      await interviewer.next('chat');
    }
    interviewer.send({ type: 'note', text: 'keeps going' });
    await interviewer.next('note');
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.result');
    const text = ctx.server.room(ctx.session.id)?.doc.getText('room.ts').toString();
    await interviewer.close();
    await candidate.close();

    const path = ctx.server.store.recordingPath(ctx.session.id);
    const tail = readRecordingTail(path);
    expect(tail.snapshot).not.toBeNull();
    const all = readRecording(path);
    expect(all.events.filter((e) => e.type === 'snapshot').length).toBeGreaterThanOrEqual(2);
    expect(tail.events.length).toBeLessThan(all.events.length / 3);
    // Replay ignores snapshots and sees every chat, not only the last `chatHistory`.
    const replayed = snapshotOf(all.header, all.events);
    expect(replayed.chat).toHaveLength(40);
    expect(replayed.doc.getText('room.ts').toString()).toBe(text);

    const server = await reopen();
    const back = await TestClient.connect(
      server.origin,
      ctx.session.id,
      ctx.session.tokens.interviewer,
    );
    const welcome = back.all('welcome')[0];
    expect(back.text('room.ts')).toBe(text);
    expect(welcome?.chat.map((c) => c.text)).toEqual([35, 36, 37, 38, 39].map((i) => `chat ${i}`));
    expect(welcome?.notes.map((n) => n.text)).toEqual(['keeps going']);
    expect(welcome?.lastRun?.runId).toBe(1);
    expect(welcome?.peers).toHaveLength(1);
    back.send({ type: 'chat', text: 'next' });
    expect((await back.next('chat')).id).toBe(41);
    await back.close();
  });

  it('loads a version 1 recording (no snapshots) and marks it version 2 once it appends', async () => {
    ctx = await startTestServer();
    const path = ctx.server.store.recordingPath(ctx.session.id);
    copyFileSync(join(import.meta.dirname, 'fixtures/recording-v1.ndjson'), path);
    expect(readRecording(path).header.version).toBe(1);
    const interviewer = await ctx.connect('interviewer');
    const welcome = interviewer.all('welcome')[0];
    expect(interviewer.text('room.ts')).toBe('// v1 edit\nexport class Room {}\n');
    expect(welcome?.chat.map((c) => c.text)).toEqual(['hello from v1']);
    expect(welcome?.notes.map((n) => n.text)).toEqual(['v1 note']);
    expect(welcome?.rights).toEqual({ interviewer: true, candidate: false });
    interviewer.insert('server.ts', 0, '// v2\n');
    interviewer.send({ type: 'chat', text: 'now v2' });
    expect((await interviewer.next('chat')).id).toBe(2);
    await interviewer.close();

    const { header, events } = readRecording(path);
    expect(header.version).toBe(RECORDING_VERSION);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toContain('"version":2,');
    const replayed = snapshotOf(header, events);
    expect(replayed.chat.map((c) => c.text)).toEqual(['hello from v1', 'now v2']);
    expect(replayed.doc.getText('server.ts').toString()).toBe(
      "// v2\nexport const greeting = 'hello';\n",
    );
  });
});
