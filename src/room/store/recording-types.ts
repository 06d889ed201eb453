import type { LevelId } from '../../grading/types.js';
import type { GivenHint, RoomManualScore, SessionReview } from '../protocol/people-protocol.js';
import type {
  ChatEntry,
  EditRights,
  LeaveReason,
  NoteEntry,
  PeerInfo,
  Role,
  RunOutcome,
  RunScope,
} from '../protocol/protocol.js';

/** Schema name in a recording's header line. */
export const RECORDING_SCHEMA = 'interview-kit/room-recording';
/**
 * Recording format version; readers refuse a newer one. 2 added `snapshot` and `outage` events; a
 * version 1 file still loads, and is marked version 2 once this kit appends to it.
 */
export const RECORDING_VERSION = 2;

/** First line of a recording file. Holds no secrets: a recording may be shared. */
export interface RecordingHeader {
  schema: typeof RECORDING_SCHEMA;
  /** 1 or 2 (see RECORDING_VERSION). */
  version: number;
  session: {
    id: string;
    level: LevelId;
    title: string;
    /** ISO time; every event's `t` counts milliseconds from it. */
    createdAt: string;
    files: string[];
  };
}

/** A peer as recorded. */
export type RecordedPeer = Pick<PeerInfo, 'id' | 'role' | 'name'>;

/** One line after the header. `t` is milliseconds since the session's `createdAt`. */
export type RecordedEvent =
  /** A Yjs update (base64) that the server applied; `peer` is null for the starter code. */
  | { t: number; type: 'code'; peer: string | null; update: string }
  | { t: number; type: 'join'; peer: RecordedPeer }
  | { t: number; type: 'leave'; peer: string; reason: LeaveReason | 'shutdown' }
  | { t: number; type: 'chat'; id: number; from: RecordedPeer; text: string }
  | { t: number; type: 'rights'; role: Exclude<Role, 'observer'>; canEdit: boolean; by: string }
  | { t: number; type: 'run.start'; runId: number; scope: RunScope; by: RecordedPeer }
  | { t: number; type: 'run.result'; run: RunOutcome }
  /** The interviewer showed the candidate run `runId`'s grade (the last run, when it was shared). */
  | { t: number; type: 'run.share'; runId: number; by: RecordedPeer }
  | { t: number; type: 'note'; id: number; text: string; by: string }
  | { t: number; type: 'end'; by: string | null }
  /** A guide hint shown to everyone (`at` is the event's time). */
  | { t: number; type: 'hint'; hint: Omit<GivenHint, 'at'> }
  /** The interviewer scored a manual criterion; `score` null cleared it. */
  | { t: number; type: 'score'; criterion: string; score: RoomManualScore | null; by: string }
  /** The interviewer's review, whole, after a change. */
  | { t: number; type: 'review'; review: SessionReview; by: string }
  /** The file list after a file was added, renamed or deleted (the code moves in `code` events). */
  | { t: number; type: 'files'; files: string[]; by: string }
  /**
   * The room's state so far, compacted: the room loads from the last one instead of replaying the
   * whole file. It adds nothing: replay and export skip it and keep the full history.
   */
  | { t: number; type: 'snapshot'; doc: string; state: SnapshotState }
  /**
   * The server could not save for `ms` milliseconds from `t` (`error`: ENOSPC, EIO...); changes
   * were refused meanwhile. Written once saving works again.
   */
  | { t: number; type: 'outage'; error: string; ms: number };

/** What a `snapshot` event holds besides the code: enough to restore a room without replay. */
export interface SnapshotState {
  /** The last `chatHistory` messages. */
  chat: ChatEntry[];
  notes: NoteEntry[];
  rights: EditRights;
  /** The last finished run, if any. */
  lastRun: RunOutcome | null;
  /** A run started and not finished yet, as its `run.start` event. */
  pendingRun: Extract<RecordedEvent, { type: 'run.start' }> | null;
  endedAt: string | null;
  /** Connected peers by id. */
  present: [string, { role: string; name: string }][];
  /** Hints given, manual scores, review and file list; absent in snapshots of older kits. */
  hints?: GivenHint[];
  scores?: Record<string, RoomManualScore>;
  review?: SessionReview;
  files?: string[];
}

/** Any recorded event type. */
export type RecordedEventType = RecordedEvent['type'];

/** Spreads an event type over its fields without `t`, for writers. */
export type EventInput = RecordedEvent extends infer E
  ? E extends { t: number }
    ? Omit<E, 't'>
    : never
  : never;
