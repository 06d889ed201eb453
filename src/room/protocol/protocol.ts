import type { LevelId } from '../../grading/types.js';
import type {
  AwayPeer,
  GivenHint,
  GuideHint,
  ManualCriterionInfo,
  PeopleClientMessage,
  PeopleServerMessage,
  RoomManualScore,
  SessionReview,
} from './people-protocol.js';
import { PEOPLE_CLIENT_TYPES } from './people-protocol.js';
import {
  RUN_CLIENT_TYPES,
  type RunClientMessage,
  type RunningRun,
  type RunOutcome,
  type RunScope,
  type RunServerMessage,
} from './run-protocol.js';

export type { RunOutcome, RunScope } from './run-protocol.js';

/**
 * The room's wire protocol, shared by the server and the page. One WebSocket per participant:
 * text frames carry the JSON messages below, binary frames carry Yjs (y-protocols) messages framed
 * as in y-websocket: a varUint message kind (`YJS_SYNC` or `YJS_AWARENESS`) then its payload.
 * docs/room-protocol.md is the prose version of this file.
 */

/**
 * Bumped on any change to the messages; the server sends it in `welcome`. 2 added `welcome.task`,
 * `welcome.guide`, `startedAt`, the `slow` leave and the session summary's activity fields. 3 added
 * the `storage` message, the byte budgets in `limits` and their error codes, the `revoked` close
 * code (a rotated link) and links only in the answer that creates a session. 4 added the people and
 * tools messages of people-protocol.ts (hints, manual scores, review, files, `away` peers) and
 * the run messages of run-protocol.ts (per-role run views, `run.cancel`, `run.share`, `run.output`,
 * `run.shared`, `welcome.running` with its start and limit, `limits.maxRunOutputBytes`).
 */
export const PROTOCOL_VERSION = 4;

/** First varUint of a binary frame: a y-protocols/sync message follows. */
export const YJS_SYNC = 0;
/** First varUint of a binary frame: a y-protocols/awareness update follows. */
export const YJS_AWARENESS = 1;

/** Limits the server enforces; sent in `welcome` so the page can enforce them first. */
export const LIMITS = {
  /** Largest frame the server accepts (ws maxPayload); bigger ones close with 1009. */
  maxFrameBytes: 1024 * 1024,
  /** Longest chat message, in UTF-16 code units after trimming. */
  maxChatChars: 2000,
  /** Longest interviewer note. */
  maxNoteChars: 4000,
  /** Longest display name; longer names are cut. */
  maxNameChars: 40,
  /** Chat messages kept in memory and sent on join (the recording keeps all of them). */
  chatHistory: 500,
  /** Token bucket per connection: burst size and refill per second, for all frames. */
  rateBurst: 200,
  ratePerSecond: 100,
  /** Byte budget per connection, for all frames: burst and refill per second. */
  byteBurst: 2 * 1024 * 1024,
  bytesPerSecond: 128 * 1024,
  /** Frames dropped for rate limiting (frames or bytes) before the socket is closed with 4029. */
  floodCloseAfter: 200,
  /** A session's recording stops taking new events at this size (`recording-full`). */
  maxRecordingBytes: 64 * 1024 * 1024,
  /** The shared code's encoded Yjs state may not grow past this (`document-too-large`). */
  maxDocBytes: 4 * 1024 * 1024,
  /**
   * Bytes queued for one connection (ws `bufferedAmount`) past which the server gives up on it: a
   * client that does not read would otherwise make the server hold every update for it in memory.
   */
  maxBufferedBytes: 8 * 1024 * 1024,
  /**
   * What the room keeps and shows of a run's output (the sandbox keeps 1 MiB; a console needs far
   * less); the rest is dropped and the cut is marked.
   */
  maxRunOutputBytes: 64 * 1024,
} as const;

/** The limits as sent in `welcome`. */
export type Limits = { readonly [K in keyof typeof LIMITS]: number };

/** Close codes the server uses (1000-1015 are the standard ones; 4000+ are the room's). */
export const CLOSE = {
  normal: 1000,
  /** The server is shutting down. */
  goingAway: 1001,
  /** A frame larger than `maxFrameBytes` (sent by ws itself). */
  tooBig: 1009,
  /** The server failed on this connection; details are in its log, never on the wire. */
  internal: 1011,
  /** The server cannot save right now (disk full): the join was refused, try again later. */
  tryAgainLater: 1013,
  /** The client read too slowly: more than `maxBufferedBytes` waited to be sent to it. */
  slow: 4008,
  /** The client kept flooding after `rate-limited` errors. */
  flood: 4029,
  /** The link this connection joined with was rotated: its token opens nothing any more. */
  revoked: 4401,
} as const;

/** Why a participant left: socket closed, missed heartbeats, or too slow to read (`slow`). */
export type LeaveReason = 'closed' | 'timeout' | 'slow';

/** A participant's role; fixed by the token it joined with. */
export type Role = 'interviewer' | 'candidate' | 'observer';

/** A connected participant as the others see it. */
export interface PeerInfo {
  /** Random per connection; a reconnect gets a new one. */
  id: string;
  role: Role;
  name: string;
  canEdit: boolean;
}

/** Who may edit the code; observers never may. */
export interface EditRights {
  interviewer: boolean;
  candidate: boolean;
}

/** A chat message as stored and broadcast. `text` is plain text: render it as text, never HTML. */
export interface ChatEntry {
  /** 1, 2, 3... in session order; reconnecting clients dedupe by it. */
  id: number;
  /** ISO time the server accepted it. */
  at: string;
  from: Pick<PeerInfo, 'id' | 'role' | 'name'>;
  text: string;
}

/** A private interviewer note; only interviewer connections ever receive one. */
export interface NoteEntry {
  id: number;
  at: string;
  text: string;
}

/** The guide's plan as interviewers receive it: each phase at its upper bound of minutes. */
export interface GuideOutline {
  phases: { title: string; minutes: number }[];
  /** The guide's milestone hints in `kit hint` order, for the interviewer to give. */
  hints?: GuideHint[];
  /** The rubric's manual criteria, for the interviewer to score. */
  manual?: ManualCriterionInfo[];
}

/** Session metadata as the page and the API see it (no tokens). */
export interface SessionInfo {
  id: string;
  /** The level as its manifest describes it: the page reads the budget and summary from here. */
  level: { id: LevelId; slug: string; title: string; minutes: number; summary: string };
  title: string;
  createdAt: string;
  endedAt: string | null;
  /** Source file names, the keys of the Y.Text instances in the Yjs document. */
  files: string[];
}

// ---- client -> server (text frames) ----

/** Send a chat message to everyone in the room (the sender gets it back as confirmation). */
export interface ChatRequest {
  type: 'chat';
  text: string;
  /** Optional client nonce, echoed in an `error` about this message. */
  ref?: string;
}
/** Start or stop the typing indicator; the server forwards it to the others only. */
export interface TypingRequest {
  type: 'typing';
  typing: boolean;
}
/** Interviewer only: grant or revoke edit rights of a role (its own included). */
export interface RoleSetRequest {
  type: 'role.set';
  role: 'interviewer' | 'candidate';
  canEdit: boolean;
}
/** Interviewer or candidate: grade the current code. Candidates always get `visible`. */
export interface RunRequest {
  type: 'run.request';
  scope?: RunScope;
}
/** Interviewer only: a private note, never sent to candidate or observers. */
export interface NoteRequest {
  type: 'note';
  text: string;
  ref?: string;
}
/** Interviewer only: end the session; the room becomes read-only for good. */
export interface SessionEndRequest {
  type: 'session.end';
}

/** Every JSON message a client may send. */
export type ClientMessage =
  | ChatRequest
  | TypingRequest
  | RoleSetRequest
  | RunRequest
  | NoteRequest
  | SessionEndRequest
  | RunClientMessage
  | PeopleClientMessage;

/** The `type` values a client may send. */
export const CLIENT_MESSAGE_TYPES = [
  'chat',
  'typing',
  'role.set',
  'run.request',
  'note',
  'session.end',
  ...RUN_CLIENT_TYPES,
  ...PEOPLE_CLIENT_TYPES,
] as const satisfies readonly ClientMessage['type'][];

// ---- server -> client (text frames) ----

/** First message on every connection: everything the page needs to render the room. */
export interface WelcomeMessage {
  type: 'welcome';
  protocol: number;
  session: SessionInfo;
  you: PeerInfo;
  peers: PeerInfo[];
  rights: EditRights;
  /** The last `chatHistory` messages, oldest first. */
  chat: ChatEntry[];
  /** Interviewer connections only; empty for the others. */
  notes: NoteEntry[];
  /** The last finished run as the receiver's role may see it (see RunOutcome); null when none. */
  lastRun: RunOutcome | null;
  /** The run in progress, if any. */
  running: RunningRun | null;
  limits: Limits;
  /** The level's task (levels/<id>/README.md) as Markdown; plain text to render safely. */
  task: string;
  /** Interviewer connections only (absent for the others): the phases of guides/<id>.md. */
  guide?: GuideOutline;
  /** ISO time the first candidate joined (the interview clock's start), or null. */
  startedAt: string | null;
  /** Present when this server will not run code ("Runs are off: this server has no sandbox"). */
  runsOff?: string;
  /** Hints given so far (everyone sees them). */
  hints: GivenHint[];
  /** Participants whose connection dropped and who may still come back. */
  away: AwayPeer[];
  /** Interviewer connections only: the manual scores so far. */
  scores?: Record<string, RoomManualScore>;
  /** Interviewer connections only: tags, decision and summary. */
  review?: SessionReview;
}
/** A chat message, to everyone including its sender. */
export interface ChatMessage extends ChatEntry {
  type: 'chat';
}
/** Someone else started or stopped typing. Never sent back to the typer. */
export interface TypingMessage {
  type: 'typing';
  peer: Pick<PeerInfo, 'id' | 'role' | 'name'>;
  typing: boolean;
}
/** Someone joined or left; `peers` is the full list after the change. */
export interface PresenceMessage {
  type: 'presence';
  /** `leave`: the connection dropped (the peer is in `away` while it may come back); `gone`: it did not come back in time. */
  event: 'join' | 'leave' | 'gone';
  peer: PeerInfo;
  /** For `leave`: `closed` (socket closed), `timeout` (missed heartbeats), `slow` (see 4008). */
  reason?: LeaveReason;
  peers: PeerInfo[];
  /** The interview clock's start after the change (`welcome.startedAt`). */
  startedAt: string | null;
  /** Who is reconnecting after the change. */
  away: AwayPeer[];
}
/** Edit rights changed; `peers` reflects the new `canEdit` values. */
export interface RoleChangedMessage {
  type: 'role.changed';
  role: 'interviewer' | 'candidate';
  canEdit: boolean;
  rights: EditRights;
  by: PeerInfo['id'];
  peers: PeerInfo[];
}
/** A run started; at most one runs per session at a time. */
export interface RunStartedMessage {
  type: 'run.started';
  runId: number;
  scope: RunScope;
  by: Pick<PeerInfo, 'id' | 'role' | 'name'>;
  at: string;
  /** The run is stopped after this many milliseconds. */
  limitMs: number;
}
/** A run finished, as the receiver's role may see it (see RunOutcome). */
export interface RunResultMessage extends RunOutcome {
  type: 'run.result';
}
/** A note was saved (interviewer connections only). */
export interface NoteMessage extends NoteEntry {
  type: 'note';
}
/** The session ended: every right is revoked, chat and runs are refused from now on. */
export interface SessionEndedMessage {
  type: 'session.ended';
  at: string;
  rights: EditRights;
}

/** Machine-readable reasons in `error` messages. */
export type ErrorCode =
  | 'bad-json'
  | 'bad-message'
  | 'unknown-type'
  | 'forbidden'
  | 'read-only'
  | 'too-large'
  | 'rate-limited'
  | 'run-busy'
  /** `run.cancel` or `run.share` named a run that is not running, or not the last one. */
  | 'no-such-run'
  | 'session-ended'
  /** More bytes a second than `limits.bytesPerSecond`: the frame was dropped. */
  | 'byte-rate-limited'
  /** The server cannot save right now; nothing was changed. */
  | 'storage-paused'
  /** The session's recording reached `limits.maxRecordingBytes`; nothing more is recorded. */
  | 'recording-full'
  /** The edit would grow the code past `limits.maxDocBytes`; it was dropped. */
  | 'document-too-large'
  /** A file name or file change the room refuses (the message says why). */
  | 'bad-file'
  | 'internal';

/** A request was refused; the connection stays open unless a close follows. */
export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** The `ref` of the request it answers, when the request had one. */
  ref?: string;
}

/**
 * The server could not save (a full disk) and paused every change (`ok: false`), or can save again
 * (`ok: true`). While paused, edits, chat, runs and joins are refused with `storage-paused`.
 */
export interface StorageMessage {
  type: 'storage';
  ok: boolean;
  message: string;
}

/** Every JSON message the server sends. */
export type ServerMessage =
  | StorageMessage
  | WelcomeMessage
  | ChatMessage
  | TypingMessage
  | PresenceMessage
  | RoleChangedMessage
  | RunStartedMessage
  | RunResultMessage
  | NoteMessage
  | SessionEndedMessage
  | ErrorMessage
  | RunServerMessage
  | PeopleServerMessage;

// ---- HTTP API (JSON; `Authorization: Bearer <server token>` on every /api route but health) ----

/** The three links of a session; each carries its own token. */
export interface SessionLinks {
  interviewer: string;
  candidate: string;
  observer: string;
}

/** The score of a finished run, as the session list shows it. */
export interface RunScore {
  earned: number;
  possible: number;
  percent: number;
  scope: RunScope;
}

/** A session as listed by the API and `kit sessions`. */
export interface SessionSummary extends SessionInfo {
  status: 'open' | 'ended';
  /** Participants connected now (0 when the room is not in memory). */
  online: number;
  /** Everyone who joined, once per role and name, in order of first join. */
  participants: { name: string; role: Role }[];
  /** From the first join to the last leave, run result or end; up to now while someone is in. */
  durationMs: number;
  /** The score of the last graded run, or null when no run produced a report. */
  lastScore: RunScore | null;
  /** The interviewer's tags, decision and summary (the API is the interviewer's). */
  review: SessionReview;
}

/** Body of `POST /api/sessions`. */
export interface CreateSessionBody {
  /** Level id or slug. */
  level: string;
  title?: string;
}

/** Answer of `POST /api/sessions`: the only time the links are shown (tokens are kept hashed). */
export interface SessionWithLinks {
  session: SessionSummary;
  links: SessionLinks;
}

/** Body of `POST /api/sessions/:id/rotate`. */
export interface RotateLinkBody {
  role: Role;
}

/** Answer of `POST /api/sessions/:id/rotate`: the role's new link; the old one is dead. */
export interface RotatedLink {
  role: Role;
  link: string;
  /** Connections that had joined with the old link and were closed with `CLOSE.revoked`. */
  closed: number;
}

/** Body of every API error answer. */
export interface ApiError {
  error: { code: string; message: string };
}
