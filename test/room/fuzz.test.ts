import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Room, type RoomOptions } from '../../src/room/live/room.js';
import { LIMITS, type Role } from '../../src/room/protocol/protocol.js';
import { readRecording } from '../../src/room/store/recording.js';
import { snapshotOf } from '../../src/room/store/room-snapshot.js';
import { SessionStore } from '../../src/room/store/session-store.js';
import { NODE_IO } from '../../src/room/store/storage-io.js';
import { FakeRunner, STARTER } from './helpers.js';
import { FakeClient, TaskQueue, updateFrame } from './in-process-room.js';

const FRAMES = Number(process.env.ROOM_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.ROOM_FUZZ_SEED ?? 16);

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dataDir: string;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('room fuzz', () => {
  it(`keeps honest participants whole through ${FRAMES} hostile frames (seed ${SEED})`, () => {
    const random = prng(SEED);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

    dataDir = mkdtempSync(join(tmpdir(), 'kit-room-fuzz-'));
    let now = Date.parse('2026-01-01T10:00:00Z');
    const store = new SessionStore(dataDir, () => now);
    const session = store.create({ level: 'level1', files: { ...STARTER } });
    const logs: string[] = [];
    const stacks: unknown[] = [];
    const opts: RoomOptions = {
      store,
      runner: new FakeRunner(),
      // A small document cap, so huge updates are refused and the document stays small.
      limits: { ...LIMITS, maxDocBytes: 64 * 1024 },
      now: () => now,
      task: '',
      guide: { phases: [] },
      io: NODE_IO,
      storageRetryMs: 0,
      snapshotEveryBytes: 16 * 1024,
      onSettled: () => {},
      log: (message, error) => {
        logs.push(message);
        if (error !== undefined) stacks.push(error);
      },
    };
    const stderr = vi.spyOn(process.stderr, 'write');
    const queue = new TaskQueue();
    const room = new Room(session, opts);
    // Client ids decide the order of concurrent inserts: drawn from the seed, so runs repeat.
    const clientId = () => 1 + int(2 ** 31);
    const enter = (role: Role, name: string) => {
      const client = new FakeClient(queue);
      client.doc.clientID = clientId();
      room.join(client.socket.asWebSocket, role, name);
      queue.drain();
      return client;
    };
    const honest = [
      enter('interviewer', 'Grace'),
      enter('candidate', 'Ada'),
      enter('observer', 'Obs'),
    ];
    const editors = honest.slice(0, 2);
    let hostile = enter('candidate', 'Mallory');
    const files = session.files;

    // Every honest edit, for the hostile side to flip bits in, cut short or replay.
    const honestUpdates: Uint8Array[] = [];
    for (const c of editors)
      c.doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== 'remote') honestUpdates.push(u);
      });
    const chatsSent: string[] = [];

    const honestAction = () => {
      const c = pick(editors);
      if (random() < 0.3) {
        const text = `chat ${chatsSent.length} from ${c === editors[0] ? 'Grace' : 'Ada'}`;
        chatsSent.push(text);
        c.send({ type: 'chat', text });
        return;
      }
      const t = c.doc.getText(pick(files));
      if (t.length > 20 && random() < 0.3) t.delete(int(t.length - 5), 1 + int(4));
      else t.insert(int(t.length + 1), pick(['a', 'bc', '\n', 'const x = 1;', '// é ✓ ']));
    };

    // A fork of the room's state that the hostile side edits without sending the first edit, so
    // its later edits miss their dependencies.
    const forkUpdate = (): Uint8Array => {
      const fork = new Y.Doc();
      fork.clientID = clientId();
      Y.applyUpdate(fork, Y.encodeStateAsUpdate(room.doc));
      const text = fork.getText(pick(files));
      text.insert(0, 'unsent ');
      const before = Y.encodeStateVector(fork);
      text.insert(3, 'orphan ');
      return Y.encodeStateAsUpdate(fork, before);
    };
    const flip = (u: Uint8Array) => {
      const copy = new Uint8Array(u);
      for (let i = 0, n = 1 + int(3); i < n && copy.length > 0; i += 1) {
        const at = int(copy.length);
        copy[at] = (copy[at] ?? 0) ^ (1 << int(8));
      }
      return copy;
    };
    const awarenessFrame = (payload: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, payload);
      return encoding.toUint8Array(e);
    };
    const hostileFrame = (): Uint8Array | string => {
      const base = honestUpdates.length > 0 ? pick(honestUpdates) : bytes(16);
      switch (int(11)) {
        case 0:
          return bytes(int(64));
        case 1:
          return updateFrame(bytes(1 + int(48)), pick([1, 2]));
        case 2:
          return updateFrame(flip(base), pick([1, 2]));
        case 3:
          return updateFrame(base.subarray(0, int(base.length)));
        case 4:
          return updateFrame(forkUpdate());
        case 5:
          // Huge: a valid update of 100-900 KiB (the byte budget or the document cap refuses most).
          if (random() < 0.05) {
            const fork = new Y.Doc();
            fork.clientID = clientId();
            fork.getText(pick(files)).insert(0, 'h'.repeat(100_000 + int(800_000)));
            return updateFrame(Y.encodeStateAsUpdate(fork));
          }
          return updateFrame(flip(flip(base)));
        case 6:
          return awarenessFrame(bytes(int(40)));
        case 7: {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 1 + int(3));
          encoding.writeVarUint(e, int(1000));
          encoding.writeVarUint(e, int(10));
          encoding.writeVarString(e, pick(['{"user":{"name":"x"}}', '{bad', 'null', '[]', '"s"']));
          return awarenessFrame(encoding.toUint8Array(e));
        }
        case 8:
          // Sync step 1 with a garbage state vector.
          return updateFrame(bytes(int(12)), 0);
        case 9:
          return pick(['{', '{"type":"chat"}', '[]', '{"type":"role.set","role":"candidate"}']);
        default:
          return updateFrame(base);
      }
    };

    for (let i = 0; i < FRAMES; i += 1) {
      now += 10;
      if (hostile.socket.readyState !== 1) hostile = enter('candidate', 'Mallory');
      const frame = hostileFrame();
      hostile.socket.receive(frame);
      if (i % 10 === 0) honestAction();
      queue.drain();
    }
    queue.drain();

    const textOf = (doc: Y.Doc) => files.map((f) => doc.getText(f).toString());
    const serverText = textOf(room.doc);
    for (const c of honest) {
      expect(textOf(c.doc)).toEqual(serverText);
      expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(room.doc));
      // Honest clients never had a frame refused.
      expect(c.all('error')).toEqual([]);
    }
    for (const c of honest) {
      const texts = c.all('chat').map((m) => m.text);
      expect(texts).toEqual(chatsSent);
    }
    const { header, events, tornTail } = readRecording(store.recordingPath(session.id));
    expect(tornTail).toBe(false);
    expect(textOf(snapshotOf(header, events).doc)).toEqual(serverText);
    // Loading from the last snapshot gives the same code.
    room.dispose();
    const again = new Room(store.get(session.id), opts);
    expect(textOf(again.doc)).toEqual(serverText);
    again.dispose();

    expect(stacks).toEqual([]);
    const written = stderr.mock.calls.map((c) => String(c[0])).join('');
    stderr.mockRestore();
    expect(written).not.toMatch(/\n\s+at /);
    // Each kind of bad input is logged once per connection, not once per frame.
    expect(logs.length).toBeLessThan(FRAMES / 10);
    // The run went through every defence, and some hostile edits were valid and kept.
    for (const what of ['does not apply', 'misses what it depends on', 'bad binary frame']) {
      expect(
        logs.some((l) => l.includes(what)),
        what,
      ).toBe(true);
    }
    expect(events.some((e) => e.type === 'join' && e.peer.name === 'Mallory')).toBe(true);
    const malloryIds = new Set(
      events.flatMap((e) => (e.type === 'join' && e.peer.name === 'Mallory' ? [e.peer.id] : [])),
    );
    expect(events.some((e) => e.type === 'code' && e.peer !== null && malloryIds.has(e.peer))).toBe(
      true,
    );
  }, 60_000);
});
