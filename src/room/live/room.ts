import type { RawData, WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CLOSE,
  type EditRights,
  type ErrorCode,
  type ErrorMessage,
  type LeaveReason,
  type PeerInfo,
  type Role,
  type ServerMessage,
} from '../protocol/protocol.js';
import {
  encodeAwarenessFrame,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdateFrame,
} from '../protocol/yjs-frames.js';
import { encodeUpdate } from '../store/code-doc.js';
import type { EventInput, RecordedEvent, RecordingHeader } from '../store/recording-types.js';
import { loadRoomRecording } from '../store/room-load.js';
import { PAUSED_MESSAGE, type RecordResult, RoomRecorder } from '../store/room-recorder.js';
import { eventTime } from '../store/room-snapshot.js';
import { noteJoin, noteSeen, type SessionActivity } from '../store/session-activity.js';
import type { StoredSession } from '../store/session-store.js';
import type { StorageError } from '../store/storage-io.js';
import { DocGuard } from './doc-guard.js';
import { cleanName, PeerConnection } from './peer-connection.js';
import { AwayList, DEFAULT_RECONNECT_GRACE_MS, mayReconnect } from './room-away.js';
import type { RoomConfig, RoomContext } from './room-context.js';
import { handleJsonMessage } from './room-messages.js';
import { presenceMessage, welcomeMessage } from './room-presence.js';
import { RunCoordinator } from './room-runs.js';
import { type RoomState, restoreRoomState } from './room-state.js';
import {
  type AwarenessChange,
  forwardAwareness,
  forwardDocUpdate,
  handleYjsFrame,
} from './room-sync.js';

/** What a room needs from the server that owns it. */
export interface RoomOptions extends RoomConfig {
  /** Called after a leave or a finished run, so the owner can free a room nobody is in. */
  onSettled: (room: Room) => void;
}

/** Why the room refused something, as the `error` it answers with. */
type Refusal = { code: ErrorCode; message: string };

/**
 * One session in memory: the Yjs document, who is connected, chat, notes, rights and runs. Built from
 * the recording's last snapshot and the events after it when someone joins; every change is
 * appended to the recording before the room acts on it, and refused when it cannot be. Messages,
 * runs, presence and Yjs sync live in room-messages.ts, room-runs.ts, room-presence.ts and
 * room-sync.ts; the restored state in room-state.ts; the recording rules in room-recorder.ts.
 */
export class Room {
  readonly session: StoredSession;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #opts: RoomOptions;
  readonly #recorder: RoomRecorder;
  readonly #header: RecordingHeader;
  readonly #guard: DocGuard;
  readonly #peers = new Map<WebSocket, PeerConnection>();
  /** Connections that joined past the recording's cap: their join and leave are not recorded. */
  readonly #unrecorded = new Set<PeerConnection>();
  /** Which connection writes with each Yjs client id (see #writesAsAnother). */
  readonly #owners = new Map<number, PeerConnection>();
  readonly #state: RoomState;
  readonly #ctx: RoomContext;
  readonly #runs: RunCoordinator;
  readonly #away: AwayList;
  /** Bytes of the document's state: exact at load and at each snapshot, plus recorded edits since. */
  #docBytes: number;
  #snapshotAt: number;
  #snapshotBytes = 0;
  #makingDoc = false;
  /** Joined while the document was still bytes: they get the sync step 1 once it is made. */
  readonly #askOnMade = new Set<PeerConnection>();
  #disposed = false;
  #activityFailed = false;

  /** Rebuilds a session's room from its recording and opens the recording for appending. */
  constructor(session: StoredSession, opts: RoomOptions) {
    this.#opts = opts;
    const path = opts.store.recordingPath(session.id);
    const loaded = loadRoomRecording(path, session.activity === undefined);
    const snap = loaded.snapshot;
    this.#header = snap.header;
    this.#guard = new DocGuard(loaded.code, (doc) => this.#onDocMade(doc));
    this.#docBytes = loaded.docBytes;
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
    this.#snapshotAt = this.#recorder.size - loaded.tailBytes;
    this.session = session;
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
    // A crash leaves joins without leaves and maybe a run without a result: close them.
    for (const id of snap.present.keys())
      this.#recorder.keep({ type: 'leave', peer: id, reason: 'shutdown' });
    if (snap.pendingStart !== null) this.#runs.recordInterrupted(snap.pendingStart);
    if (this.#state.endedAt && !session.endedAt)
      this.session = this.#markEnded(this.#state.endedAt);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      forwardAwareness(this.#ctx, change, origin),
    );
  }

  /**
   * The shared code (replaced by a rebuilt one if it ever ends up inconsistent). Made from the
   * recording's bytes on first use: a join is answered from the bytes.
   */
  get doc(): Y.Doc {
    return this.#guard.doc;
  }

  /** Connected participants. */
  get peers(): PeerInfo[] {
    return [...this.#peers.values()].map((p) => ({ ...p.info }));
  }

  /** True while a run is in progress or saving is paused (events still wait to be written). */
  get busy(): boolean {
    return this.#runs.running !== null || this.#recorder.paused;
  }

  /** True while the server cannot save this session's changes. */
  get paused(): boolean {
    return this.#recorder.paused;
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
    const peer = new PeerConnection(ws, role, name, this.#opts.limits, this.#opts.now, () =>
      this.leave(peer, 'slow'),
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
    // The state vector is cheap from a document and not from bytes: while there is none, the sync
    // step 1 (asking for what the room lacks) follows once it is made, shortly after.
    if (this.#guard.made) peer.sendBinary(encodeSyncStep1(this.#guard.stateVector()));
    else this.#askOnMade.add(peer);
    // Made once the code is out: making it first would hold the whole code back that long.
    peer.sendBinary(encodeSyncStep2(this.#guard.state()), () => this.#makeDocSoon());
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.sendBinary(encodeAwarenessFrame(this.awareness, states));
    // The welcome alone may have overflowed a connection that does not read.
    if (this.#peers.get(ws) !== peer) return peer;
    this.#broadcast(presenceMessage(this.#ctx, peer.info), peer);
    this.#maybeSnapshot();
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
    this.#askOnMade.delete(peer);
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
    for (const [client, owner] of this.#owners) if (owner === peer) this.#owners.delete(client);
    const summary = peer.problemSummary();
    if (summary) this.#opts.log(`room ${this.session.id}: ${peer.info.id} ${summary}`);
    if (!this.#unrecorded.delete(peer)) {
      const event = this.#keep({ type: 'leave', peer: peer.info.id, reason });
      this.#noteActivity(noteSeen(this.#state.activity, this.#timeOf(event)));
    }
    this.#broadcast(presenceMessage(this.#ctx, peer.info, reason));
    this.#maybeSnapshot();
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
    this.#markEnded(at);
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
    this.#away.clear();
    this.awareness.doc.destroy();
    this.awareness.destroy();
    this.#guard.destroy();
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
      applyUpdate: (peer, update) => this.#applyUpdate(peer, update),
      saveReview: (review) =>
        this.#saveSession('review', () => this.#opts.store.saveReview(this.session.id, review)),
      saveFiles: (files) =>
        this.#saveSession('files', () => this.#opts.store.saveFiles(this.session.id, files)),
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
    if (this.#disposed) return { ok: false, code: 'storage-paused', message: PAUSED_MESSAGE };
    return this.#recorder.record(event);
  }

  #keep(event: EventInput): RecordedEvent {
    return this.#recorder.keep(event);
  }

  /**
   * An edit from a peer that may edit: tried on the mirror, checked against the document cap,
   * recorded, and only then applied and forwarded. Any refusal leaves the document as it was.
   */
  #applyUpdate(peer: PeerConnection, update: Uint8Array): boolean {
    const tried = this.#guard.tryUpdate(update);
    if (!tried.ok && tried.reason === 'missing') {
      // An honest client gets here after one of its updates was dropped (rate limit, a refusal):
      // a sync step 1 makes it send everything the room lacks, dependencies included.
      this.#problem(peer, 'sent a Yjs update that misses what it depends on');
      peer.sendBinary(encodeSyncStep1(this.#guard.stateVector()));
      return false;
    }
    if (!tried.ok) {
      this.#problem(peer, 'sent a Yjs update that does not apply', tried.detail);
      this.#error(peer, 'bad-message', 'The Yjs update does not apply; it was dropped.');
      return false;
    }
    const effect = tried.effect;
    if (this.#writesAsAnother(peer, update)) {
      this.#guard.rollback();
      this.#problem(peer, 'sent a Yjs update that writes as another participant');
      this.#error(
        peer,
        'bad-message',
        'The Yjs update writes as another participant; it was dropped.',
      );
      return false;
    }
    if (effect !== null) {
      const refusal = this.#checkDocSize(effect.length) ?? this.#recordEdit(peer, effect);
      if (refusal) {
        this.#guard.rollback();
        this.#error(peer, refusal.code, refusal.message);
        return false;
      }
    }
    if (!this.#guard.commit(update, peer)) {
      this.#rebuild();
      return false;
    }
    // The update may have completed something that waited (a pending delete or struct): then the
    // room changed by more than the sender's own edit, and the sender needs that part too.
    if (effect !== null && !Buffer.from(effect).equals(update))
      peer.sendBinary(encodeUpdateFrame(effect));
    return true;
  }

  /**
   * Yjs trusts the client id in each struct: a struct with another participant's id and its next
   * clock would be kept in place of the real one, and the two copies would differ for good. So a
   * client id belongs to the connection that first wrote with it (or announced it in awareness)
   * while that connection is open, and no participant of another role or name may write with it.
   */
  #writesAsAnother(peer: PeerConnection, update: Uint8Array): boolean {
    const clients = [...Y.parseUpdateMeta(update).to.keys()];
    // A page that reconnects before its old connection timed out writes with the same id: the
    // same role and name may take it over.
    const other = (p: PeerConnection) =>
      p !== peer && (p.info.role !== peer.info.role || p.info.name !== peer.info.name);
    for (const client of clients) {
      const owner = this.#owners.get(client);
      if (owner && other(owner) && this.#peers.get(owner.ws) === owner) return true;
      for (const p of this.#peers.values()) if (other(p) && p.awarenessIds.has(client)) return true;
    }
    for (const client of clients) this.#owners.set(client, peer);
    return false;
  }

  #checkDocSize(added: number): Refusal | null {
    const max = this.#opts.limits.maxDocBytes;
    if (this.#docBytes + added <= max) return null;
    // The running total only grows (deletes shrink a document): measure before refusing.
    const exact = this.#guard.triedSize();
    if (exact <= max) {
      this.#docBytes = exact - added;
      return null;
    }
    const kib = Math.round(max / 1024);
    return {
      code: 'document-too-large',
      message: `The code may not grow past ${kib} KiB; this edit was dropped. Reload the page to get the saved code back.`,
    };
  }

  #recordEdit(peer: PeerConnection, effect: Uint8Array): Refusal | null {
    const result = this.#record({ type: 'code', peer: peer.info.id, update: encodeUpdate(effect) });
    if (!result.ok) return result;
    this.#docBytes += effect.length;
    return null;
  }

  /**
   * The document no longer matches what was recorded (Yjs threw on an update the mirror took): it
   * is rebuilt from the recording, and every participant gets the rebuilt state and sends back
   * whatever it has that the rebuilt one lacks.
   */
  #rebuild(): void {
    this.#opts.log(`room ${this.session.id}: document inconsistent; rebuilt from the recording`);
    const old = this.doc;
    const loaded = loadRoomRecording(this.#opts.store.recordingPath(this.session.id), false);
    old.off('update', this.#onDocUpdate);
    old.destroy();
    this.#guard.replace(loaded.code);
    this.#docBytes = loaded.docBytes;
    this.#resync();
  }

  #resync(): void {
    const step1 = encodeSyncStep1(this.#guard.stateVector());
    const step2 = encodeSyncStep2(this.#guard.state());
    for (const p of this.connections()) {
      p.sendBinary(step2);
      p.sendBinary(step1);
    }
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void =>
    forwardDocUpdate(this.#ctx, update, origin);

  #listen(doc: Y.Doc): void {
    doc.on('update', this.#onDocUpdate);
  }

  #onDocMade(doc: Y.Doc): void {
    this.#listen(doc);
    const asking = [...this.#askOnMade].filter((p) => this.#peers.get(p.ws) === p);
    this.#askOnMade.clear();
    if (asking.length === 0) return;
    const step1 = encodeSyncStep1(Y.encodeStateVector(doc));
    for (const p of asking) p.sendBinary(step1);
  }

  /**
   * Makes the document right after a join's sync went out, so the next edit or run rarely waits
   * for it; and writes the snapshot that waited for it.
   */
  #makeDocSoon(): void {
    if (this.#guard.made || this.#makingDoc) return;
    this.#makingDoc = true;
    setImmediate(() => {
      this.#makingDoc = false;
      if (this.#disposed || this.#guard.made) return;
      // A timer must not throw: a recording whose code does not apply fails the next handler
      // that needs the document instead, which answers `internal`.
      try {
        void this.doc;
        this.#maybeSnapshot();
      } catch (error) {
        this.#opts.log(`room ${this.session.id}: cannot build the document`, asError(error));
      }
    });
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
    this.#resync();
    this.#opts.onSettled(this);
  }

  /** Writes a snapshot once enough was recorded since the last one, so loading stays short. */
  #maybeSnapshot(): void {
    // Written from the document, not from the loaded bytes, which still hold deleted text.
    if (this.#disposed || this.#recorder.paused || !this.#guard.made) return;
    const every = Math.max(this.#opts.snapshotEveryBytes, 2 * this.#snapshotBytes);
    if (this.#recorder.size - this.#snapshotAt < every) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    const before = this.#recorder.size;
    const result = this.#record({
      type: 'snapshot',
      doc: encodeUpdate(state),
      state: {
        chat: this.#state.chat,
        notes: this.#state.notes,
        rights: this.#state.rights,
        lastRun: this.#runs.lastRun,
        pendingRun: this.#runs.runningStart,
        endedAt: this.#state.endedAt,
        hints: this.#state.hints,
        scores: this.#state.scores,
        review: this.#state.review,
        files: this.#state.files,
        present: this.connections().map((p) => [
          p.info.id,
          { role: p.info.role, name: p.info.name },
        ]),
      },
    });
    if (!result.ok) return;
    this.#snapshotAt = this.#recorder.size;
    this.#snapshotBytes = this.#recorder.size - before;
    this.#docBytes = state.length;
  }

  #timeOf(event: RecordedEvent | null): string {
    return eventTime(this.#header, event?.t ?? 0);
  }

  // session.json only caches activity (the recording is the truth): a failed save is logged once
  // and the next save writes the whole activity again.
  #noteActivity(activity: SessionActivity): void {
    this.#state.activity = activity;
    try {
      this.#opts.store.saveActivity(this.session.id, activity);
      this.#activityFailed = false;
    } catch (error) {
      if (!this.#activityFailed)
        this.#opts.log(`room ${this.session.id}: cannot save activity`, error);
      this.#activityFailed = true;
    }
  }

  // The recording holds the review and the files; session.json keeps a copy for the session list.
  #saveSession(what: string, save: () => void): void {
    try {
      save();
    } catch (error) {
      this.#opts.log(`room ${this.session.id}: cannot save the ${what} in session.json`, error);
    }
  }

  // The recording holds the end; a session.json that missed it is fixed on the next load.
  #markEnded(at: string): StoredSession {
    try {
      return this.#opts.store.markEnded(this.session.id, at);
    } catch (error) {
      this.#opts.log(`room ${this.session.id}: cannot mark the session ended`, error);
      return { ...this.session, endedAt: at };
    }
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
    peer.send(
      ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref },
    );
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
    this.#maybeSnapshot();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
