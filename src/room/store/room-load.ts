import * as Y from 'yjs';
import { decodeUpdate } from './code-doc.js';
import { readRecording, readRecordingTail } from './recording.js';
import type { RecordedEvent } from './recording-types.js';
import { applyEvent, createSnapshot, type RoomSnapshot, restoreSnapshot } from './room-snapshot.js';

/** A room's state read from its recording, and the events it was rebuilt from. */
export interface LoadedRoom {
  /** Everything but the code, which stays as bytes until the room needs it as a document. */
  snapshot: Omit<RoomSnapshot, 'doc'>;
  /** The code as one Yjs update: the last snapshot's and every edit after it, merged. */
  code: Uint8Array;
  /** The events after the last snapshot; every event when `allEvents` was asked for. */
  events: RecordedEvent[];
  /** Bytes recorded since the last snapshot (the whole file after the header when none). */
  tailBytes: number;
  /** The code's encoded size, estimated from the snapshot and the updates after it (no encoding). */
  docBytes: number;
}

/**
 * Loads a room from its last snapshot and the events after it, so loading takes time bounded by
 * the snapshot interval, not by the session's age. The code is merged as bytes, not applied to a
 * Yjs document: applying a long session's snapshot alone costs more than a first join may take.
 * `allEvents` reads and replays the whole file instead (for a session whose activity must be
 * rebuilt from its events).
 */
export function loadRoomRecording(path: string, allEvents: boolean): LoadedRoom {
  if (allEvents) {
    const { header, events } = readRecording(path);
    const { doc, updates, ...snapshot } = replayed(createSnapshot(header), events);
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update, 'recording');
    }, 'recording');
    const code = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const last = events.findLastIndex((e) => e.type === 'snapshot');
    const tail = events.slice(last + 1);
    const tailBytes = tail.reduce((n, e) => n + JSON.stringify(e).length + 1, 0);
    return { snapshot, code, events, tailBytes, docBytes: code.length };
  }
  const { header, snapshot: saved, events, tailBytes } = readRecordingTail(path);
  // The snapshot's document stays empty: the code is merged from its bytes and the updates.
  const start = saved ? restoreSnapshot(header, saved, false) : createSnapshot(header);
  const { doc: _empty, updates, ...snapshot } = replayed(start, events);
  const docBytes = updates.reduce((n, u) => n + u.length, base64Bytes(saved?.doc ?? ''));
  const tailCode = mergeMany(updates);
  const code = saved ? Y.mergeUpdates([decodeUpdate(saved.doc), tailCode]) : tailCode;
  return { snapshot, code, events, tailBytes, docBytes };
}

function base64Bytes(base64: string): number {
  return Math.floor((base64.length * 3) / 4);
}

/**
 * Applies the events other than code in order and gives the code updates back, not applied: the
 * caller merges or applies them all at once, which is most of the saving over one at a time.
 */
function replayed(
  snapshot: RoomSnapshot,
  events: RecordedEvent[],
): RoomSnapshot & { updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  for (const e of events) {
    if (e.type === 'code') {
      updates.push(decodeUpdate(e.update));
      snapshot.t = e.t;
    } else applyEvent(snapshot, e);
  }
  return Object.assign(snapshot, { updates });
}

/**
 * Merges updates in groups of 32, then the results again: `Y.mergeUpdates` of thousands of small
 * updates at once slows down with their number squared (100-400 ms for 3,000), in groups it takes
 * a few milliseconds, with the same bytes.
 */
function mergeMany(updates: Uint8Array[]): Uint8Array {
  let level = updates;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 32) next.push(Y.mergeUpdates(level.slice(i, i + 32)));
    level = next;
  }
  return level[0] ?? Y.mergeUpdates([]);
}
