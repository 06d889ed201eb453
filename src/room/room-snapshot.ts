import * as Y from 'yjs';
import { decodeUpdate } from './code-doc.js';
import type { ChatEntry, EditRights, NoteEntry, RunOutcome } from './protocol.js';
import type { RecordedEvent, RecordingHeader } from './recording-types.js';

/** The state of a session after some prefix of its recording. */
export interface RoomSnapshot {
  header: RecordingHeader;
  doc: Y.Doc;
  chat: ChatEntry[];
  notes: NoteEntry[];
  rights: EditRights;
  runs: RunOutcome[];
  /** Runs started but not finished (a crash mid-run leaves one here). */
  pendingRun: number | null;
  endedAt: string | null;
  /** Connected peers by id, as the recording saw them. */
  present: Map<string, { role: string; name: string }>;
  /** The `t` of the last applied event. */
  t: number;
}

/** An empty snapshot for a recording's header. */
export function createSnapshot(header: RecordingHeader): RoomSnapshot {
  return {
    header,
    doc: new Y.Doc(),
    chat: [],
    notes: [],
    rights: { interviewer: true, candidate: true },
    runs: [],
    pendingRun: null,
    endedAt: null,
    present: new Map(),
    t: 0,
  };
}

/** ISO time of an event's `t` in a session. */
export function eventTime(header: RecordingHeader, t: number): string {
  return new Date(Date.parse(header.session.createdAt) + t).toISOString();
}

/** Applies one recorded event to a snapshot (the reducer replay, export and restore share). */
export function applyEvent(s: RoomSnapshot, e: RecordedEvent, origin: unknown = 'recording'): void {
  s.t = e.t;
  switch (e.type) {
    case 'code':
      Y.applyUpdate(s.doc, decodeUpdate(e.update), origin);
      break;
    case 'join':
      s.present.set(e.peer.id, { role: e.peer.role, name: e.peer.name });
      break;
    case 'leave':
      s.present.delete(e.peer);
      break;
    case 'chat':
      s.chat.push({ id: e.id, at: eventTime(s.header, e.t), from: e.from, text: e.text });
      break;
    case 'note':
      s.notes.push({ id: e.id, at: eventTime(s.header, e.t), text: e.text });
      break;
    case 'rights':
      s.rights = { ...s.rights, [e.role]: e.canEdit };
      break;
    case 'run.start':
      s.pendingRun = e.runId;
      break;
    case 'run.result':
      s.runs.push(e.run);
      if (s.pendingRun === e.run.runId) s.pendingRun = null;
      break;
    case 'end':
      s.endedAt = eventTime(s.header, e.t);
      break;
  }
}

/** The snapshot after every event. */
export function snapshotOf(header: RecordingHeader, events: RecordedEvent[]): RoomSnapshot {
  const s = createSnapshot(header);
  for (const e of events) applyEvent(s, e);
  return s;
}
