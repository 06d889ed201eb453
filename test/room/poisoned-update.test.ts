import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { readRecording } from '../../src/room/store/recording.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

/** The frame of issue 16: sync, update, a 31-byte update Yjs stores part of and then throws on. */
const POISON = Buffer.from(
  '00021f01019590a9f205002101097365727665722e7473096d0c7439373431373000',
  'hex',
);

function replayedText(file: string): string {
  const { header, events } = readRecording(ctx.server.store.recordingPath(ctx.session.id));
  return snapshotOf(header, events).doc.getText(file).toString();
}

describe('room under a poisoned Yjs update', () => {
  it('answers the 31-byte update of issue 16 with bad-message and keeps every edit after it', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.ws.send(POISON, { binary: true });
    const error = await candidate.next('error');
    expect(error.code).toBe('bad-message');
    expect(error.message).toBe('The Yjs update does not apply; it was dropped.');

    interviewer.insert('room.ts', 0, '// after\n');
    await candidate.waitForText('room.ts', '// after\nexport class Room {}\n');
    candidate.insert('server.ts', 0, '// mine\n');
    const server = "// mine\nexport const greeting = 'hello';\n";
    await interviewer.waitForText('server.ts', server);
    const doc = ctx.server.room(ctx.session.id)?.doc;
    expect(doc?.getText('server.ts').toString()).toBe(server);
    expect(replayedText('room.ts')).toBe('// after\nexport class Room {}\n');
    expect(replayedText('server.ts')).toBe(server);
    // One line, no stack: the log gets the message, never the error object.
    expect(ctx.logs.filter((l) => l.includes('does not apply'))).toHaveLength(1);
  });

  it('answers a sync step 1 with a bad state vector with bad-message, logged once with a count', async () => {
    const errors: unknown[] = [];
    ctx = await startTestServer({
      log: (m, e) => {
        ctx.logs.push(m);
        if (e !== undefined) errors.push(e);
      },
    });
    const candidate = await ctx.connect('candidate');
    // sync, step 1, a 3-byte "state vector" claiming 5 entries
    const bad = Buffer.from([0, 0, 3, 5, 1, 2]);
    for (let i = 0; i < 3; i += 1) {
      candidate.ws.send(bad, { binary: true });
      expect((await candidate.next('error')).code).toBe('bad-message');
    }
    candidate.insert('room.ts', 0, 'x');
    await candidate.close();
    expect(errors).toEqual([]);
    const lines = ctx.logs.filter((l) => l.includes('state vector'));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/: 3 times$/);
  });

  it('checks an awareness update whole: garbage after a good entry changes no state', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const observer = await ctx.connect('observer');
    // awareness: 2 entries; the first well formed (client 7, clock 1, {"user":...}), then junk
    const good = Buffer.from(JSON.stringify({ user: { name: 'x', color: 'red; evil' } }));
    const update = Buffer.concat([Buffer.from([2, 7, 1, good.length]), good, Buffer.from([9, 9])]);
    candidate.ws.send(Buffer.concat([Buffer.from([1, update.length]), update]), { binary: true });
    expect((await candidate.next('error')).code).toBe('bad-message');
    expect(ctx.server.room(ctx.session.id)?.awareness.getStates().has(7)).toBe(false);
    candidate.send({ type: 'chat', text: 'still here' });
    expect((await observer.next('chat')).text).toBe('still here');
  });

  it("refuses an update that writes with another participant's client id", async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const ada = await ctx.connect('candidate', 'Ada');
    const mallory = await ctx.connect('candidate', 'Mallory');
    ada.insert('room.ts', 0, 'a');
    await interviewer.waitForText('room.ts', 'aexport class Room {}\n');
    // Ada's id at Ada's next clock: Yjs would keep it in place of Ada's real next edit.
    const forge = new Y.Doc();
    Y.applyUpdate(forge, Y.encodeStateAsUpdate(ada.doc));
    // Set after the state went in: Yjs picks a new id when a remote update carries its own.
    forge.clientID = ada.doc.clientID;
    const before = Y.encodeStateVector(forge);
    forge.getText('room.ts').insert(0, 'FORGED ');
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, 0);
    syncProtocol.writeUpdate(frame, Y.encodeStateAsUpdate(forge, before));
    mallory.ws.send(encoding.toUint8Array(frame));
    const error = await mallory.next('error');
    expect(error.code).toBe('bad-message');
    expect(error.message).toBe('The Yjs update writes as another participant; it was dropped.');
    ada.insert('room.ts', 1, 'b');
    await interviewer.waitForText('room.ts', 'abexport class Room {}\n');
    await mallory.waitForText('room.ts', 'abexport class Room {}\n');
    expect(ada.text('room.ts')).toBe('abexport class Room {}\n');
  });

  it('rebuilds from the recording and resyncs everyone when the document ends up inconsistent', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.insert('room.ts', 0, 'a');
    await interviewer.waitForText('room.ts', 'aexport class Room {}\n');
    const room = ctx.server.room(ctx.session.id);
    const broken = room?.doc;
    // Break the live document behind the room's back: it no longer matches the recording.
    broken?.getText('room.ts').insert(0, 'GHOST');
    candidate.insert('room.ts', 1, 'b');
    await interviewer.waitForText('room.ts', 'abexport class Room {}\n');
    expect(ctx.server.room(ctx.session.id)?.doc).not.toBe(broken);
    expect(ctx.server.room(ctx.session.id)?.doc.getText('room.ts').toString()).toBe(
      'abexport class Room {}\n',
    );
    expect(ctx.logs.some((l) => l.includes('rebuilt from the recording'))).toBe(true);
    expect(Y.encodeStateVector(candidate.doc)).toEqual(
      Y.encodeStateVector(ctx.server.room(ctx.session.id)?.doc ?? new Y.Doc()),
    );
  });
});
