import type { LevelId } from '../grading/types.js';
import type { LeaveReason, PeerInfo, Role, RunOutcome, RunScope } from './protocol.js';

/** Schema name in a recording's header line. */
export const RECORDING_SCHEMA = 'interview-kit/room-recording';
/** Recording format version; readers refuse a newer one. */
export const RECORDING_VERSION = 1;

/** First line of a recording file. Holds no secrets: a recording may be shared. */
export interface RecordingHeader {
  schema: typeof RECORDING_SCHEMA;
  version: typeof RECORDING_VERSION;
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
  | { t: number; type: 'note'; id: number; text: string; by: string }
  | { t: number; type: 'end'; by: string | null };

/** Any recorded event type. */
export type RecordedEventType = RecordedEvent['type'];

/** Spreads an event type over its fields without `t`, for writers. */
export type EventInput = RecordedEvent extends infer E
  ? E extends { t: number }
    ? Omit<E, 't'>
    : never
  : never;
