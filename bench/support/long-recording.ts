// Makes a long session's recording the way a room writes one: an interviewer and a candidate join
// an in-process room (no sockets, the room's own handlers) and type and chat for hours of a fake
// clock, so the file holds the snapshots this kit writes. Used by bench/room-first-join.ts.
import { EventEmitter } from 'node:events';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Room } from '../../src/room/live/room.js';
import { LIMITS, type Role } from '../../src/room/protocol/protocol.js';
import { type CreatedSession, SessionStore } from '../../src/room/store/session-store.js';
import { NODE_IO } from '../../src/room/store/storage-io.js';

/** Events a session records per hour in the measurement (87,840 in 8 hours). */
export const EVENTS_PER_HOUR = 10_980;

/** A socket stand-in: the room's sends go straight into the participant's document. */
class LocalSocket extends EventEmitter {
  readyState = 1;
  readonly bufferedAmount = 0;
  readonly doc = new Y.Doc();

  constructor() {
    super();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      this.emit('message', Buffer.from(encoding.toUint8Array(e)), true);
    });
  }

  send(data: string | Uint8Array): void {
    if (typeof data === 'string') return;
    const d = decoding.createDecoder(data);
    if (decoding.readVarUint(d) !== 0) return;
    syncProtocol.readSyncMessage(d, encoding.createEncoder(), this.doc, 'remote');
  }

  close(): void {
    this.readyState = 3;
    this.emit('close');
  }

  ping(): void {}
  terminate(): void {}
}

/** Records `hours` of a session in `dataDir` and returns it (with its plain tokens). */
export function recordLongSession(dataDir: string, hours: number): CreatedSession {
  let now = Date.parse('2026-01-01T09:00:00Z');
  let seed = 16;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const store = new SessionStore(dataDir, () => now);
  const session = store.create({
    level: 'level1',
    title: `${hours} h`,
    files: { 'server.ts': '// server\n', 'room.ts': '// room\n' },
  });
  const room = new Room(session, {
    store,
    runner: { run: async () => Promise.reject(new Error('no runs')) },
    limits: LIMITS,
    now: () => now,
    task: '',
    guide: { phases: [] },
    io: NODE_IO,
    storageRetryMs: 0,
    snapshotEveryBytes: 256 * 1024,
    onSettled: () => {},
    log: () => {},
  });
  const enter = (role: Role, name: string) => {
    const socket = new LocalSocket();
    room.join(socket as unknown as WebSocket, role, name);
    return socket;
  };
  const interviewer = enter('interviewer', 'Grace');
  const candidate = enter('candidate', 'Ada');
  const cursors = new Map<string, number>();
  const total = Math.round(hours * EVENTS_PER_HOUR);
  const step = (hours * 3_600_000) / total;
  for (let i = 0; i < total; i += 1) {
    now += step;
    const r = random();
    if (r < 0.03) {
      candidate.emit(
        'message',
        Buffer.from(JSON.stringify({ type: 'chat', text: `question ${i}` })),
        false,
      );
      continue;
    }
    const typist = r < 0.1 ? interviewer : candidate;
    const file = random() < 0.8 ? 'server.ts' : 'room.ts';
    const text = typist.doc.getText(file);
    // People type at a cursor, fix typos with backspace and now and then move elsewhere; the
    // code stays a few thousand characters long.
    const key = `${typist === interviewer ? 'i' : 'c'}:${file}`;
    let at = Math.min(cursors.get(key) ?? text.length, text.length);
    const move = random();
    if (move < 0.03) at = Math.floor(random() * text.length);
    if (text.length > 6000) {
      // Select a block and delete it, as when a function is rewritten.
      at = Math.floor(random() * (text.length - 300));
      text.delete(at, 300);
    } else if (at > 0 && move > 0.88) {
      text.delete(at - 1, 1);
      at -= 1;
    } else {
      text.insert(at, 'abcdefgh \n'.charAt(Math.floor(random() * 10)));
      at += 1;
    }
    cursors.set(key, at);
  }
  interviewer.close();
  candidate.close();
  room.dispose();
  return session;
}
