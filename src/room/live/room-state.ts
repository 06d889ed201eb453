import type { GivenHint, RoomManualScore, SessionReview } from '../protocol/people-protocol.js';
import type { ChatEntry, EditRights, NoteEntry, RunOutcome } from '../protocol/protocol.js';
import type { RecordedEvent } from '../store/recording-types.js';
import type { RoomSnapshot } from '../store/room-snapshot.js';
import { activityFromEvents, type SessionActivity } from '../store/session-activity.js';
import type { StoredSession } from '../store/session-store.js';

/** The mutable state of a room that its handlers share. */
export interface RoomState {
  chat: ChatEntry[];
  notes: NoteEntry[];
  rights: EditRights;
  nextChat: number;
  nextNote: number;
  endedAt: string | null;
  activity: SessionActivity;
  hints: GivenHint[];
  scores: Record<string, RoomManualScore>;
  review: SessionReview;
  /** The room's files now; runs and exports use exactly these. */
  files: string[];
  /** The files the level started with: the tests import them, so they stay. */
  starterFiles: readonly string[];
}

/** A room's state after its whole recording, with the last run and the next run's id. */
export function restoreRoomState(
  session: StoredSession,
  snap: Omit<RoomSnapshot, 'doc'>,
  events: RecordedEvent[],
  chatHistory: number,
): { state: RoomState; lastRun: RunOutcome | null; nextRun: number } {
  const lastRun = snap.runs.at(-1) ?? null;
  const state: RoomState = {
    chat: snap.chat.slice(-chatHistory),
    notes: snap.notes,
    rights: snap.rights,
    nextChat: (snap.chat.at(-1)?.id ?? 0) + 1,
    nextNote: (snap.notes.at(-1)?.id ?? 0) + 1,
    endedAt: snap.endedAt,
    // Sessions made before session.json kept activity get it from the recording.
    activity: session.activity ?? activityFromEvents(snap.header, events),
    hints: snap.hints,
    scores: snap.scores,
    review: snap.review,
    files: snap.files,
    starterFiles: snap.header.session.files,
  };
  const nextRun = Math.max(snap.pendingRun ?? 0, lastRun?.runId ?? 0) + 1;
  return { state, lastRun, nextRun };
}
