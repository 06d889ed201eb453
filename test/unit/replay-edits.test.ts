import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RecordedEvent, RecordingHeader } from '../../src/room/store/recording-types.js';
import { ReplayModel } from '../../web/src/replay-model.js';

// The replay page's model (browser code without DOM use) learns from a recording's Yjs updates
// which file each edit changed and where, groups edits into bursts, and says which file a viewer
// following edits sees at a given time.

const FILES = ['server.ts', 'room.ts'];

/** A recording built the way the room writes one: starter code, then people's updates. */
function recordingOf(steps: { t: number; file: string; edit: (text: Y.Text) => void }[]) {
  const doc = new Y.Doc();
  doc.getText('server.ts').insert(0, 'export const a = 1;\nexport const b = 2;\n');
  doc.getText('room.ts').insert(0, 'line 1\nline 2\nline 3\n');
  const encode = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const events: RecordedEvent[] = [
    { t: 0, type: 'code', peer: null, update: encode(Y.encodeStateAsUpdate(doc)) },
    { t: 10, type: 'join', peer: { id: 'p1', role: 'candidate', name: 'Ada' } },
  ];
  for (const step of steps) {
    const before = Y.encodeStateVector(doc);
    step.edit(doc.getText(step.file));
    const update = Y.encodeStateAsUpdate(doc, before);
    events.push({ t: step.t, type: 'code', peer: 'p1', update: encode(update) });
  }
  const last = steps.at(-1)?.t ?? 0;
  events.push({ t: last + 1000, type: 'end', by: null });
  const header: RecordingHeader = {
    schema: 'interview-kit/room-recording',
    version: 2,
    session: {
      id: '00000000-0000-4000-8000-000000000000',
      level: 'level2',
      title: 'Model test',
      createdAt: '2026-01-01T00:00:00.000Z',
      files: FILES,
    },
  };
  return { header, events };
}

const typeAt = (index: number, text: string) => (t: Y.Text) => t.insert(index, text);

describe('replay model: edits', () => {
  const model = new ReplayModel(
    recordingOf([
      // A burst of three edits in room.ts on line 2 ("line 1\n" is 7 characters).
      { t: 1000, file: 'room.ts', edit: typeAt(7, 'x') },
      { t: 1500, file: 'room.ts', edit: typeAt(8, 'y') },
      { t: 3000, file: 'room.ts', edit: typeAt(9, 'z') },
      // server.ts, line 2 (after "export const a = 1;\n", 20 characters).
      { t: 4000, file: 'server.ts', edit: typeAt(20, '// hi\n') },
      { t: 5000, file: 'server.ts', edit: typeAt(20, '// again\n') },
      // More than 2 s later in server.ts: a new burst, on line 1.
      { t: 9000, file: 'server.ts', edit: (t) => t.delete(0, 6) },
      // Back to room.ts, line 4 (the empty line after the last newline).
      { t: 9500, file: 'room.ts', edit: typeAt(24, 'tail') },
    ]),
  );

  it('knows the file and line of each person’s edit, and leaves the starter code out', () => {
    expect(model.edits.map((e) => [e.t, e.files, e.line])).toEqual([
      [1000, ['room.ts'], 2],
      [1500, ['room.ts'], 2],
      [3000, ['room.ts'], 2],
      [4000, ['server.ts'], 2],
      [5000, ['server.ts'], 2],
      [9000, ['server.ts'], 1],
      [9500, ['room.ts'], 4],
    ]);
  });

  it('groups edits less than 2 s apart in one file into bursts, marked on the timeline', () => {
    expect(model.bursts).toEqual([
      { t: 1000, end: 3000, file: 'room.ts', count: 3 },
      { t: 4000, end: 5000, file: 'server.ts', count: 2 },
      { t: 9000, end: 9000, file: 'server.ts', count: 1 },
      { t: 9500, end: 9500, file: 'room.ts', count: 1 },
    ]);
    const edits = model.markers.filter((m) => m.kind === 'edit');
    expect(edits.map((m) => [m.t, m.label])).toEqual([
      [1000, 'Edited room.ts (3 changes)'],
      [4000, 'Edited server.ts (2 changes)'],
      [9000, 'Edited server.ts (1 change)'],
      [9500, 'Edited room.ts (1 change)'],
    ]);
    const times = model.markers.map((m) => m.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('opens on the first edited file and follows the latest edit at each time', () => {
    expect(model.startFile).toBe('room.ts');
    expect(model.editAt(0)).toBeNull();
    expect(model.editAt(999)).toBeNull();
    expect(model.editAt(1000)?.file).toBe('room.ts');
    expect(model.editAt(3999)?.file).toBe('room.ts');
    expect(model.editAt(4000)).toMatchObject({ file: 'server.ts', line: 2 });
    expect(model.editAt(8999)?.file).toBe('server.ts');
    expect(model.editAt(9000)).toMatchObject({ file: 'server.ts', line: 1 });
    expect(model.editAt(20_000)).toMatchObject({ file: 'room.ts', line: 4 });
    // The text the model shows agrees with the edits it found.
    expect(model.stateAt(5000).files['server.ts']).toBe(
      'export const a = 1;\n// again\n// hi\nexport const b = 2;\n',
    );
    expect(model.stateAt(20_000).files['room.ts']).toBe('line 1\nxyzline 2\nline 3\ntail');
  });

  it('names every file one update changed, and opens on the level’s first file without edits', () => {
    const both = recordingOf([
      {
        t: 2000,
        file: 'room.ts',
        edit: (text) => {
          const doc = text.doc as Y.Doc;
          doc.transact(() => {
            doc.getText('room.ts').insert(0, 'a');
            doc.getText('server.ts').insert(0, 'b');
          });
        },
      },
    ]);
    expect(new ReplayModel(both).edits).toEqual([
      { t: 2000, files: ['server.ts', 'room.ts'], file: 'server.ts', line: 1 },
    ]);
    const none = new ReplayModel(recordingOf([]));
    expect(none.edits).toEqual([]);
    expect(none.bursts).toEqual([]);
    expect(none.startFile).toBe('server.ts');
  });
});
