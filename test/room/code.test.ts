import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

describe('room code sharing', () => {
  it('sends the starter code on join, one Y.Text per file', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const welcome = candidate.all('welcome')[0];
    expect(welcome?.session.files).toEqual(['server.ts', 'room.ts']);
    expect(candidate.text('server.ts')).toBe("export const greeting = 'hello';\n");
    expect(candidate.text('room.ts')).toBe('export class Room {}\n');
  });

  it("shows every editor the others' edits", async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.insert('room.ts', 0, '// candidate\n');
    await interviewer.waitForText('room.ts', '// candidate\nexport class Room {}\n');
    interviewer.insert('server.ts', 0, '// interviewer\n');
    await candidate.waitForText('server.ts', "// interviewer\nexport const greeting = 'hello';\n");
  });

  it("drops an observer's edits on the server, not only in the page", async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    const observer = await ctx.connect('observer');
    observer.insert('room.ts', 0, 'HACKED ');
    const error = await observer.next('error');
    expect(error.code).toBe('read-only');
    // Sentinel: a later candidate edit arrives at the observer without the observer's text.
    candidate.insert('room.ts', 0, '// ok\n');
    await observer.until(
      () => (observer.text('room.ts').includes('// ok') ? true : undefined),
      'sentinel edit',
    );
    expect(ctx.server.room(ctx.session.id)?.doc.getText('room.ts').toString()).toBe(
      '// ok\nexport class Room {}\n',
    );
    expect(candidate.text('room.ts')).toBe('// ok\nexport class Room {}\n');
  });

  it('gives a late joiner the current code', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate');
    candidate.insert('server.ts', 0, 'A');
    const interviewer = await ctx.connect('interviewer');
    await interviewer.waitForText('server.ts', "Aexport const greeting = 'hello';\n");
  });

  it('forwards awareness (cursors) to the others and clears it on leave', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer');
    const candidate = await ctx.connect('candidate');
    candidate.awareness.setLocalState({ user: 'Ada', cursor: 3 });
    // The test client sends awareness by hand: encode and send the local state.
    const { encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const { createEncoder, writeVarUint, writeVarUint8Array, toUint8Array } = await import(
      'lib0/encoding'
    );
    const enc = createEncoder();
    writeVarUint(enc, 1);
    writeVarUint8Array(enc, encodeAwarenessUpdate(candidate.awareness, [candidate.doc.clientID]));
    candidate.ws.send(toUint8Array(enc));
    const id = candidate.doc.clientID;
    await interviewer.until(
      () => (interviewer.awareness.getStates().get(id)?.cursor === 3 ? true : undefined),
      'cursor',
    );
    await candidate.close();
    await interviewer.until(
      () => (interviewer.awareness.getStates().has(id) ? undefined : true),
      'cursor removal',
    );
  });
});
