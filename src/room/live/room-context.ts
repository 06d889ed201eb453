import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { AwayPeer, SessionReview } from '../protocol/people-protocol.js';
import type {
  EditRights,
  ErrorCode,
  GuideOutline,
  Limits,
  PeerInfo,
  Role,
  ServerMessage,
} from '../protocol/protocol.js';
import type { EventInput, RecordedEvent } from '../store/recording-types.js';
import type { RecordResult } from '../store/room-recorder.js';
import type { SessionActivity } from '../store/session-activity.js';
import type { SessionStore, StoredSession } from '../store/session-store.js';
import type { StorageIo } from '../store/storage-io.js';
import type { PeerConnection } from './peer-connection.js';
import type { RoomState } from './room-state.js';
import type { RoomRunner } from './runner.js';

/**
 * What a room and its handlers read of the server that owns it. The owner's callback that takes
 * the room itself is in `RoomOptions` (room.ts), so this file does not import the room.
 */
export interface RoomConfig {
  store: SessionStore;
  runner: RoomRunner;
  limits: Limits;
  now: () => number;
  /** The level's task README, sent to everyone in `welcome.task`. */
  task: string;
  /** The guide's phases, sent to interviewers only in `welcome.guide`. */
  guide: GuideOutline;
  /** The writes of the recording (tests inject a full disk). */
  io: StorageIo;
  /** How often a room whose saving failed tries again; 0 leaves it to `retryStorage()`. */
  storageRetryMs: number;
  /** A snapshot is recorded after this many bytes (or twice the last snapshot's size, if more). */
  snapshotEveryBytes: number;
  log: (message: string, error?: unknown) => void;
  /** Time limits of runs: visible-test runs (short) and full grades; `DEFAULT_RUN_TIMEOUTS` if absent. */
  runTimeouts?: RunTimeouts;
  /** How long a dropped participant shows as reconnecting (default 30 s; 0: gone at once). */
  reconnectGraceMs?: number;
}

/** How long a run may take before the room stops it, in milliseconds. */
export interface RunTimeouts {
  /** Runs of the visible tests (the candidate's "Run tests"): short, so a stuck run frees the room. */
  visibleMs: number;
  /** The interviewer's full grade. */
  allMs: number;
}

/** The default run limits of `kit serve` (`--run-timeout`, `--grade-timeout`). */
export const DEFAULT_RUN_TIMEOUTS: RunTimeouts = { visibleMs: 15_000, allMs: 60_000 };

/**
 * What the room's handler modules (messages, runs, sync) use of their room. The room builds it
 * over its private fields; nothing outside src/room/live/ sees it.
 */
export interface RoomContext {
  readonly session: StoredSession;
  readonly opts: RoomConfig;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly state: RoomState;
  /** True once the room was freed: nothing more is recorded. */
  readonly disposed: boolean;
  /** Records an event before the room acts on it, or says why it cannot (act only when `ok`). */
  record(event: EventInput): RecordResult;
  /** Records an event that already happened; while saving fails it waits to be written. */
  keep(event: EventInput): RecordedEvent;
  /**
   * Tries, records, applies and forwards a peer's Yjs update, or refuses it changing nothing (the
   * peer got the error); true when it was applied.
   */
  applyUpdate(peer: PeerConnection, update: Uint8Array): boolean;
  /** ISO time of a recorded event (the session's start for null). */
  timeOf(event: RecordedEvent | null): string;
  /** Sends a message to every open connection but `except`. */
  broadcast(message: ServerMessage, except?: PeerConnection): void;
  /** The connected participants. */
  connections(): PeerConnection[];
  /** The participants as the protocol lists them. */
  peerInfos(): PeerInfo[];
  canEdit(role: Role): boolean;
  effectiveRights(): EditRights;
  error(peer: PeerConnection, code: ErrorCode, message: string, ref?: string): void;
  /** Logs a kind of bad input once per connection (with a detail) and counts the repeats. */
  problem(peer: PeerConnection, what: string, detail?: string): void;
  /** Keeps the review in `session.json` too, for the session list (logged if that fails). */
  saveReview(review: SessionReview): void;
  /** Keeps the file list in `session.json` too (logged if that fails). */
  saveFiles(files: string[]): void;
  /** Saves new activity in memory and in `session.json`. */
  noteActivity(activity: SessionActivity): void;
  /** Ends the session; returns the refusal when it could not be recorded. */
  end(by: PeerConnection | null): RecordResult | null;
  /** Participants whose connection dropped and who may still come back. */
  away(): AwayPeer[];
  /** Tells the owner the room may be idle now. */
  settle(): void;
}
