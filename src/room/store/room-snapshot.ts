import * as Y from 'yjs';
import {
  emptyReview,
  type GivenHint,
  type RoomManualScore,
  type SessionReview,
} from '../protocol/people-protocol.js';
import type { ChatEntry, EditRights, NoteEntry, RunOutcome } from '../protocol/protocol.js';
import { decodeUpdate } from './code-doc.js';
import type { RecordedEvent, RecordingHeader } from './recording-types.js';

type RunStart = Extract<RecordedEvent, { type: 'run.start' }>;
type SnapshotEvent = Extract<RecordedEvent, { type: 'snapshot' }>;

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
  /** The `run.start` event of `pendingRun`. */
  pendingStart: RunStart | null;
  endedAt: string | null;
  /** Connected peers by id, as the recording saw them. */
  present: Map<string, { role: string; name: string }>;
  /** The `t` of the last applied event. */
  t: number;
  hints: GivenHint[];
  /** Manual scores by criterion id. */
  scores: Record<string, RoomManualScore>;
  review: SessionReview;
  /** The files now (the header's list, then every `files` event). */
  files: string[];
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
    pendingStart: null,
    endedAt: null,
    present: new Map(),
    t: 0,
    hints: [],
    scores: {},
    review: emptyReview(),
    files: [...header.session.files],
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
      s.pendingStart = e;
      break;
    case 'run.result':
      s.runs.push(e.run);
      if (s.pendingRun === e.run.runId) {
        s.pendingRun = null;
        s.pendingStart = null;
      }
      break;
    case 'run.share': {
      const i = s.runs.findLastIndex((r) => r.runId === e.runId);
      const run = s.runs[i];
      if (run) s.runs[i] = { ...run, shared: { at: eventTime(s.header, e.t), by: e.by } };
      break;
    }
    case 'end':
      s.endedAt = eventTime(s.header, e.t);
      break;
    case 'hint':
      s.hints.push({ ...e.hint, at: eventTime(s.header, e.t) });
      break;
    case 'score': {
      const { [e.criterion]: _old, ...rest } = s.scores;
      s.scores = e.score ? { ...rest, [e.criterion]: e.score } : rest;
      break;
    }
    case 'review':
      s.review = e.review;
      break;
    case 'files':
      s.files = e.files;
      break;
    // A snapshot restates what the events before it did; an outage changed nothing.
    case 'snapshot':
    case 'outage':
      break;
  }
}

/**
 * The snapshot a `snapshot` event restores (runs hold only the last one); its document stays empty
 * when `withCode` is false (a room merges the code as bytes first).
 */
export function restoreSnapshot(
  header: RecordingHeader,
  e: SnapshotEvent,
  withCode = true,
): RoomSnapshot {
  const s = createSnapshot(header);
  if (withCode) Y.applyUpdate(s.doc, decodeUpdate(e.doc), 'recording');
  s.t = e.t;
  s.chat = e.state.chat;
  s.notes = e.state.notes;
  s.rights = e.state.rights;
  s.runs = e.state.lastRun ? [e.state.lastRun] : [];
  s.pendingStart = e.state.pendingRun;
  s.pendingRun = e.state.pendingRun?.runId ?? null;
  s.endedAt = e.state.endedAt;
  s.present = new Map(e.state.present);
  s.hints = e.state.hints ?? [];
  s.scores = e.state.scores ?? {};
  s.review = e.state.review ?? emptyReview();
  s.files = e.state.files ?? s.files;
  return s;
}

/** The snapshot after every event. */
export function snapshotOf(header: RecordingHeader, events: RecordedEvent[]): RoomSnapshot {
  const s = createSnapshot(header);
  for (const e of events) applyEvent(s, e);
  return s;
}
