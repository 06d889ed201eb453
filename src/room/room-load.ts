import * as Y from 'yjs';
import { decodeUpdate } from './code-doc.js';
import { readRecording, readRecordingTail } from './recording.js';
import type { RecordedEvent } from './recording-types.js';
import { applyEvent, createSnapshot, type RoomSnapshot, restoreSnapshot } from './room-snapshot.js';

/** A room's state read from its recording, and the events it was rebuilt from. */
export interface LoadedRoom {
  snapshot: RoomSnapshot;
  /** The events after the last snapshot; every event when `allEvents` was asked for. */
  events: RecordedEvent[];
  /** Bytes recorded since the last snapshot (the whole file after the header when none). */
  tailBytes: number;
  /** The code's encoded size, estimated from the snapshot and the updates after it (no encoding). */
  docBytes: number;
}

/**
 * Loads a room from its last snapshot and the events after it, so loading takes time bounded by
 * the snapshot interval, not by the session's age. `allEvents` reads the whole file instead (for a
 * session whose activity must be rebuilt from its events).
 */
export function loadRoomRecording(path: string, allEvents: boolean): LoadedRoom {
  if (allEvents) {
    const { header, events } = readRecording(path);
    const snapshot = createSnapshot(header);
    applyEvents(snapshot, events);
    const last = events.findLastIndex((e) => e.type === 'snapshot');
    const tail = events.slice(last + 1);
    const tailBytes = tail.reduce((n, e) => n + JSON.stringify(e).length + 1, 0);
    return { snapshot, events, tailBytes, docBytes: Y.encodeStateAsUpdate(snapshot.doc).length };
  }
  const { header, snapshot: saved, events, tailBytes } = readRecordingTail(path);
  const snapshot = saved ? restoreSnapshot(header, saved) : createSnapshot(header);
  const docBytes = applyEvents(snapshot, events) + base64Bytes(saved?.doc ?? '');
  return { snapshot, events, tailBytes, docBytes };
}

function base64Bytes(base64: string): number {
  return Math.floor((base64.length * 3) / 4);
}

/**
 * Applies events in order, the code updates all in one Yjs transaction at the end: the document
 * ends the same, and Yjs tidies up (merges structs, collects deleted content) once instead of
 * after every keystroke, which is most of the cost of applying thousands of them.
 */
function applyEvents(snapshot: RoomSnapshot, events: RecordedEvent[]): number {
  const updates: Uint8Array[] = [];
  let bytes = 0;
  for (const e of events) {
    if (e.type === 'code') {
      const update = decodeUpdate(e.update);
      updates.push(update);
      bytes += update.length;
      snapshot.t = e.t;
    } else applyEvent(snapshot, e);
  }
  snapshot.doc.transact(() => {
    for (const update of updates) Y.applyUpdate(snapshot.doc, update, 'recording');
  }, 'recording');
  return bytes;
}
