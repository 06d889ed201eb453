import type * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { PeerConnection } from './peer-connection.js';
import type {
  EditRights,
  ErrorCode,
  GuideOutline,
  Limits,
  PeerInfo,
  Role,
  ServerMessage,
} from './protocol.js';
import type { EventInput, RecordedEvent } from './recording-types.js';
import type { Room } from './room.js';
import type { RoomState } from './room-state.js';
import type { RoomRunner } from './runner.js';
import type { SessionActivity } from './session-activity.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** What a room needs from the server that owns it. */
export interface RoomOptions {
  store: SessionStore;
  runner: RoomRunner;
  limits: Limits;
  now: () => number;
  /** The level's task README, sent to everyone in `welcome.task`. */
  task: string;
  /** The guide's phases, sent to interviewers only in `welcome.guide`. */
  guide: GuideOutline;
  /** Called after a leave or a finished run, so the owner can free a room nobody is in. */
  onSettled: (room: Room) => void;
  log: (message: string, error?: unknown) => void;
}

/**
 * What the room's handler modules (messages, runs, sync) use of their room. The room builds it
 * over its private fields; nothing outside src/room/room*.ts sees it.
 */
export interface RoomContext {
  readonly session: StoredSession;
  readonly opts: RoomOptions;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly state: RoomState;
  /** True once the room was freed: nothing more is recorded. */
  readonly disposed: boolean;
  /** Appends an event to the recording (null once disposed). */
  record(event: EventInput): RecordedEvent | null;
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
  /** Saves new activity in memory and in `session.json`. */
  noteActivity(activity: SessionActivity): void;
  end(by: PeerConnection | null): void;
  /** Tells the owner the room may be idle now. */
  settle(): void;
}
