import type { RawData, WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { asError } from '../../errors.js';
import {
  CLOSE,
  type EditRights,
  type ErrorMessage,
  type LeaveReason,
  type PeerInfo,
  type Role,
  type ServerMessage,
} from '../protocol/protocol.js';
import { encodeAwarenessFrame } from '../protocol/yjs-frames.js';
import type { EventInput, RecordedEvent, RecordingHeader } from '../store/recording-types.js';
import { loadRoomRecording } from '../store/room-load.js';
import { PAUSED_MESSAGE, type RecordResult, RoomRecorder } from '../store/room-recorder.js';
import { eventTime } from '../store/room-snapshot.js';
import { noteJoin, noteSeen, type SessionActivity } from '../store/session-activity.js';
import type { StoredSession } from '../store/session-store.js';
import type { StorageError } from '../store/storage-io.js';
import { OutputGate, type StoreProgress } from './output-gate.js';
import { cleanName, PeerConnection } from './peer-connection.js';
import { AwayList, DEFAULT_RECONNECT_GRACE_MS, mayReconnect } from './room-away.js';
import type { RoomConfig, RoomContext } from './room-context.js';
import { RoomDocument } from './room-document.js';
import { handleJsonMessage } from './room-messages.js';
import { presenceMessage, welcomeMessage } from './room-presence.js';
import { RunCoordinator } from './room-runs.js';
import { SessionFile } from './room-session-file.js';
import { type RoomState, restoreRoomState } from './room-state.js';
import { type AwarenessChange, forwardAwareness, handleYjsFrame } from './room-sync.js';

/** What a room needs from the server that owns it. */
export interface RoomOptions extends RoomConfig {
  /** Called after a leave or a finished run, so the owner can free a room nobody is in. */
  onSettled: (room: Room) => void;
  /**
   * With `kit serve --redis`: how far this session's recorded lines got in Redis. The room then
   * sends nothing before the lines recorded ahead of it are stored (see OutputGate).
   */
  stored?: StoreProgress;
}

/** What the room says while Redis does not acknowledge its lines (the page shows it as a pause). */
const STALLED_MESSAGE =
  'The server cannot reach its shared store right now; changes are paused until it answers.';

/**
 * One session in memory: the Yjs document, who is connected, chat, notes, rights and runs. Built from
 * the recording's last snapshot and the events after it when someone joins; every change is
 * appended to the recording before the room acts on it, and refused when it cannot be; with
 * `--redis`, nothing is sent before Redis stored what was recorded ahead of it (output-gate.ts).
 * Messages, runs, presence and Yjs sync live in room-messages.ts, room-runs.ts, room-presence.ts
 * and room-sync.ts; the code, its edits and snapshots in room-document.ts; the copies in
 * session.json in room-session-file.ts; the restored state in room-state.ts; the recording rules
 * in room-recorder.ts.
 */
export class Room {
  readonly session: StoredSession;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #opts: RoomOptions;
  readonly #recorder: RoomRecorder;
  readonly #header: RecordingHeader;
  readonly #document: RoomDocument;
  readonly #file: SessionFile;
  readonly #peers = new Map<WebSocket, PeerConnection>();
  /** Connections that joined past the recording's cap: their join and leave are not recorded. */
  readonly #unrecorded = new Set<PeerConnection>();
  readonly #state: RoomState;
  readonly #ctx: RoomContext;
  readonly #runs: RunCoordinator;
  readonly #away: AwayList;
  /** Holds what is sent until Redis stored what was recorded before it; null without Redis. */
  readonly #gate: OutputGate | null;
  #disposed = false;

  /** Rebuilds a session's room from its recording and opens the recording for appending. */
  constructor(session: StoredSession, opts: RoomOptions) {
    this.#opts = opts;
    const path = opts.store.recordingPath(session.id);
    const loaded = loadRoomRecording(path, session.activity === undefined);
    const snap = loaded.snapshot;
    this.#header = snap.header;
    this.#file = new SessionFile(opts, session.id);
    const restored = restoreRoomState(session, snap, loaded.events, opts.limits.chatHistory);
    this.#state = restored.state;
    this.#recorder = new RoomRecorder(
      {
        path,
        createdAt: session.createdAt,
        now: opts.now,
        io: opts.io,
        maxBytes: opts.limits.maxRecordingBytes,
        retryMs: opts.storageRetryMs,
      },
      { onPause: (error) => this.#onPause(error), onResume: () => this.#onResume() },
    );
    this.session = session;
    this.#gate = opts.stored
      ? new OutputGate(opts.stored, {
          onStall: () => this.#onStall(),
          onCatchUp: () => this.#onCatchUp(),
        })
      : null;
    // Awareness takes a document only for its client id and destroy event: a document of its own
    // leaves the code's to be made when first needed.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null);
    this.#away = new AwayList(
      opts.reconnectGraceMs ?? DEFAULT_RECONNECT_GRACE_MS,
      opts.now,
      (info) => this.#broadcast(presenceMessage(this.#ctx, info, 'gone')),
    );
    this.#ctx = this.#context();
    this.#runs = new RunCoordinator(this.#ctx, restored.lastRun, restored.nextRun);
    this.#document = new RoomDocument(
      this.#ctx,
      loaded,
      this.#recorder,
      this.#runs,
      (peer) => this.#peers.get(peer.ws) === peer,
    );
    // A crash leaves joins without leaves and maybe a run without a result: close them.
    for (const id of snap.present.keys())
      this.#recorder.keep({ type: 'leave', peer: id, reason: 'shutdown' });
    if (snap.pendingStart !== null) this.#runs.recordInterrupted(snap.pendingStart);
    if (this.#state.endedAt && !session.endedAt)
      this.session = this.#file.markEnded(this.session, this.#state.endedAt);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      forwardAwareness(this.#ctx, change, origin),
    );
  }

  /**
   * The shared code (replaced by a rebuilt one if it ever ends up inconsistent). Made from the
   * recording's bytes on first use: a join is answered from the bytes.
   */
  get doc(): Y.Doc {
    return this.#document.doc;
  }

  /** Connected participants. */
  get peers(): PeerInfo[] {
    return [...this.#peers.values()].map((p) => ({ ...p.info }));
  }

  /** True while a run is in progress or saving is paused (events still wait to be written). */
  get busy(): boolean {
    return this.#runs.running !== null || this.paused;
  }

  /** True while the server cannot save this session's changes (its disk, or Redis). */
  get paused(): boolean {
    return this.#recorder.paused || this.#gate?.stalled === true;
  }

  /** When the session ended, or null. */
  get endedAt(): string | null {
    return this.#state.endedAt;
  }

  /** Who joined, when, and the last score, as kept in `session.json`. */
  get activity(): SessionActivity {
    return this.#state.activity;
  }

  /**
   * Adds a participant: welcome, the code, the awareness states, and `presence` to the others.
   * Returns null when saving is paused: the socket got `storage-paused` and a 1013. Past the
   * recording's cap the join is let in unrecorded, with a `recording-full` error after `welcome`.
   */
  join(ws: WebSocket, role: Role, rawName: string | null): PeerConnection | null {
    const name = cleanName(rawName, role, this.#opts.limits.maxNameChars);
    const peer = new PeerConnection(
      ws,
      role,
      name,
      this.#opts.limits,
      this.#opts.now,
      () => this.leave(peer, 'slow'),
      this.#gate,
    );
    const join = this.#record({ type: 'join', peer: peer.who });
    if (!join.ok && join.code === 'storage-paused') {
      // Not in the room, so no count ever includes it.
      this.#error(peer, join.code, join.message);
      ws.close(CLOSE.tryAgainLater, 'The server cannot save right now');
      this.#opts.onSettled(this);
      return null;
    }
    // Past the recording's cap a session can still be opened to read: the join is not recorded,
    // and neither is its leave.
    if (!join.ok) this.#unrecorded.add(peer);
    peer.info.canEdit = this.#canEdit(role);
    this.#peers.set(ws, peer);
    this.#away.returned(peer.info);
    const at = join.ok ? this.#timeOf(join.event) : new Date(this.#opts.now()).toISOString();
    this.#noteActivity(noteJoin(this.#state.activity, peer.info, at));
    ws.on('message', (data, isBinary) => this.#onFrame(peer, data, isBinary));
    ws.on('close', (code: number) => this.leave(peer, 'closed', code));
    // ws reports protocol violations (an oversized frame) here and then closes the socket itself.
    ws.on('error', () => {});
    ws.on('pong', () => {
      peer.missedPings = 0;
    });
    peer.send(welcomeMessage(this.#ctx, this.#runs, peer));
    if (!join.ok) this.#error(peer, join.code, join.message);
    this.#document.sendTo(peer);
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.sendBinary(encodeAwarenessFrame(this.awareness, states));
    // The welcome alone may have overflowed a connection that does not read.
    if (this.#peers.get(ws) !== peer) return peer;
    this.#broadcast(presenceMessage(this.#ctx, peer.info), peer);
    this.#document.maybeSnapshot();
    return peer;
  }

  /**
   * Removes a participant (idempotent) and tells the others. A connection that dropped (not closed
   * on purpose, see `mayReconnect`) shows as reconnecting for the grace period. Never throws a
   * storage error.
   */
  leave(peer: PeerConnection, reason: LeaveReason, closeCode?: number): void {
    if (this.#peers.get(peer.ws) !== peer) return;
    this.#peers.delete(peer.ws);
    if (!this.#state.endedAt && mayReconnect(closeCode)) this.#away.add(peer.info);
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
    this.#document.forget(peer);
    const summary = peer.problemSummary();
    if (summary) this.#opts.log(`room ${this.session.id}: ${peer.info.id} ${summary}`);
    if (!this.#unrecorded.delete(peer)) {
      const event = this.#keep({ type: 'leave', peer: peer.info.id, reason });
      this.#noteActivity(noteSeen(this.#state.activity, this.#timeOf(event)));
    }
    this.#broadcast(presenceMessage(this.#ctx, peer.info, reason));
    this.#document.maybeSnapshot();
    this.#opts.onSettled(this);
  }

  /** Connections, for the server's heartbeat. */
  connections(): PeerConnection[] {
    return [...this.#peers.values()];
  }

  /**
   * Ends the session for good: rights revoked, `session.ended` to everyone. Idempotent. Returns
   * the refusal when the end could not be recorded (nothing changed then).
   */
  end(by: PeerConnection | null): RecordResult | null {
    if (this.#state.endedAt) return null;
    const result = this.#record({ type: 'end', by: by?.info.id ?? null });
    if (!result.ok) return result;
    const at = this.#timeOf(result.event);
    this.#state.endedAt = at;
    this.#file.markEnded(this.session, at);
    this.#noteActivity(noteSeen(this.#state.activity, at));
    for (const p of this.#peers.values()) p.info.canEdit = false;
    this.#broadcast({ type: 'session.ended', at, rights: this.#effectiveRights() });
    return null;
  }

  /** Tries to save again now (a timer also does while paused); true when saving works. */
  retryStorage(): boolean {
    return this.#recorder.retry();
  }

  /** Closes every connection (server shutdown) and frees the room. */
  shutdown(): void {
    let last: RecordedEvent | null = null;
    for (const peer of [...this.#peers.values()]) {
      this.#peers.delete(peer.ws);
      if (!this.#unrecorded.delete(peer))
        last = this.#keep({ type: 'leave', peer: peer.info.id, reason: 'shutdown' });
      peer.ws.close(CLOSE.goingAway, 'Server shutting down');
    }
    if (last) this.#noteActivity(noteSeen(this.#state.activity, this.#timeOf(last)));
    this.#recorder.retry();
    this.dispose();
  }

  /** Frees the document and closes the recording. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#gate?.close();
    this.#away.clear();
    this.awareness.doc.destroy();
    this.awareness.destroy();
    this.#document.destroy();
    this.#recorder.close();
  }

  #context(): RoomContext {
    const room = this;
    return {
      get session() {
        return room.session;
      },
      opts: this.#opts,
      get doc() {
        return room.doc;
      },
      awareness: this.awareness,
      state: this.#state,
      get disposed() {
        return room.#disposed;
      },
      record: (event) => this.#record(event),
      keep: (event) => this.#keep(event),
      applyUpdate: (peer, update) => this.#document.applyUpdate(peer, update),
      saveReview: (review) =>
        this.#file.save('review', () => this.#opts.store.saveReview(this.session.id, review)),
      saveFiles: (files) =>
        this.#file.save('files', () => this.#opts.store.saveFiles(this.session.id, files)),
      away: () => this.#away.list(),
      timeOf: (event) => this.#timeOf(event),
      broadcast: (message, except) => this.#broadcast(message, except),
      connections: () => this.connections(),
      peerInfos: () => this.peers,
      canEdit: (role) => this.#canEdit(role),
      effectiveRights: () => this.#effectiveRights(),
      error: (peer, code, message, ref) => this.#error(peer, code, message, ref),
      problem: (peer, what, error) => this.#problem(peer, what, error),
      noteActivity: (activity) => this.#noteActivity(activity),
      end: (by) => this.end(by),
      settle: () => this.#opts.onSettled(this),
    };
  }

  #record(event: EventInput): RecordResult {
    if (this.#disposed || this.#gate?.stalled)
      return { ok: false, code: 'storage-paused', message: PAUSED_MESSAGE };
    return this.#recorder.record(event);
  }

  #keep(event: EventInput): RecordedEvent {
    return this.#recorder.keep(event);
  }

  #onPause(error: StorageError): void {
    this.#opts.log(`room ${this.session.id}: cannot save (${error.code}); changes are paused`);
    this.#broadcast({ type: 'storage', ok: false, message: PAUSED_MESSAGE });
  }

  #onResume(): void {
    this.#opts.log(`room ${this.session.id}: saving works again; changes resumed`);
    this.#broadcast({
      type: 'storage',
      ok: true,
      message: 'The server can save again; changes are back on.',
    });
    // Edits refused while paused are still in the participants' copies: ask for them again.
    this.#document.resync();
    this.#opts.onSettled(this);
  }

  // Redis has not acknowledged this session's lines for a while: what waits stays held, new
  // changes are refused like on a full disk, and everyone hears it ahead of the held messages.
  #onStall(): void {
    this.#opts.log(`room ${this.session.id}: Redis does not acknowledge; changes are paused`);
    const message: ServerMessage = { type: 'storage', ok: false, message: STALLED_MESSAGE };
    // One whose welcome is still held hears it in order instead, after the welcome.
    for (const p of this.#peers.values()) {
      if (p.greeted) p.sendNow(message);
      else p.send(message);
    }
  }

  #onCatchUp(): void {
    if (!this.#recorder.paused) this.#onResume();
  }

  #timeOf(event: RecordedEvent | null): string {
    return eventTime(this.#header, event?.t ?? 0);
  }

  #noteActivity(activity: SessionActivity): void {
    this.#state.activity = activity;
    this.#file.saveActivity(activity);
  }

  #canEdit(role: Role): boolean {
    return !this.#state.endedAt && role !== 'observer' && this.#state.rights[role];
  }

  #effectiveRights(): EditRights {
    return { interviewer: this.#canEdit('interviewer'), candidate: this.#canEdit('candidate') };
  }

  #broadcast(message: ServerMessage, except?: PeerConnection): void {
    const text = JSON.stringify(message);
    for (const p of [...this.#peers.values()]) if (p !== except) p.sendText(text);
  }

  #error(peer: PeerConnection, code: ErrorMessage['code'], message: string, ref?: string): void {
    const error: ErrorMessage =
      ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref };
    // A refusal for want of saving recorded nothing: it need not wait behind what Redis holds.
    if (code === 'storage-paused') peer.sendNow(error);
    else peer.send(error);
  }

  // A connection that keeps sending bad frames is logged once per kind (with the first one's
  // detail, and a bug's stack), and counted in its leave line.
  #problem(peer: PeerConnection, what: string, detail?: string | Error): void {
    if (!peer.noteProblem(what)) return;
    const line = `room ${this.session.id}: ${peer.info.id} (${peer.info.role}) ${what}`;
    if (detail instanceof Error) this.#opts.log(line, detail);
    else this.#opts.log(detail === undefined ? line : `${line}: ${detail}`);
  }

  #onFrame(peer: PeerConnection, data: RawData, isBinary: boolean): void {
    if (!this.#peers.has(peer.ws)) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (!peer.admit(bytes.length)) return;
    try {
      if (isBinary) handleYjsFrame(this.#ctx, peer, new Uint8Array(bytes));
      else handleJsonMessage(this.#ctx, this.#runs, peer, bytes.toString('utf8'));
    } catch (error) {
      this.#problem(peer, 'sent a frame the server failed on', asError(error));
      this.#error(peer, 'internal', 'The server could not handle that message.');
    }
    this.#document.maybeSnapshot();
  }
}
