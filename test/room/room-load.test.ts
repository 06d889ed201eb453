import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRecording } from '../../src/room/store/recording.js';
import { loadRoomRecording } from '../../src/room/store/room-load.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => {
  await ctx?.stop();
});

describe('loading a room from its recording', () => {
  it('merges the last snapshot and the edits after it into the code a full replay gives', async () => {
    ctx = await startTestServer({ snapshotEveryBytes: 2048 });
    const candidate = await ctx.connect('candidate', 'Ada');
    for (let i = 0; i < 60; i += 1) {
      candidate.insert('room.ts', 0, `// line ${i}\n`);
      // Deletes too, so the merged bytes hold deleted text a document would have dropped.
      if (i % 3 === 0) candidate.doc.getText('room.ts').delete(0, 4);
    }
    candidate.send({ type: 'chat', text: 'done' });
    await candidate.next('chat');
    await candidate.close();

    const path = ctx.server.store.recordingPath(ctx.session.id);
    const all = readRecording(path);
    expect(all.events.some((e) => e.type === 'snapshot')).toBe(true);
    const replayed = snapshotOf(all.header, all.events).doc;
    for (const allEvents of [false, true]) {
      const loaded = loadRoomRecording(path, allEvents);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, loaded.code);
      for (const file of ['room.ts', 'server.ts'])
        expect(doc.getText(file).toString()).toBe(replayed.getText(file).toString());
      expect(Y.encodeStateVectorFromUpdate(loaded.code)).toEqual(Y.encodeStateVector(replayed));
      expect(loaded.snapshot.chat.at(-1)?.text).toBe('done');
    }
  });
});
