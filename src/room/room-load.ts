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
    for (const e of events) applyEvent(snapshot, e);
    const last = events.findLastIndex((e) => e.type === 'snapshot');
    const tail = events.slice(last + 1);
    const tailBytes = tail.reduce((n, e) => n + JSON.stringify(e).length + 1, 0);
    return { snapshot, events, tailBytes };
  }
  const { header, snapshot: saved, events, tailBytes } = readRecordingTail(path);
  const snapshot = saved ? restoreSnapshot(header, saved) : createSnapshot(header);
  for (const e of events) applyEvent(snapshot, e);
  return { snapshot, events, tailBytes };
}
