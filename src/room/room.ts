import type { RawData, WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { cleanName, PeerConnection } from './peer-connection.js';
import {
  CLOSE,
  type EditRights,
  type ErrorMessage,
  type LeaveReason,
  type PeerInfo,
  type Role,
  type ServerMessage,
} from './protocol.js';
import { RecordingWriter, readRecording } from './recording.js';
import type { EventInput, RecordedEvent, RecordingHeader } from './recording-types.js';
import type { RoomContext, RoomOptions } from './room-context.js';
import { handleJsonMessage } from './room-messages.js';
import { presenceMessage, welcomeMessage } from './room-presence.js';
import { RunCoordinator } from './room-runs.js';
import { eventTime, snapshotOf } from './room-snapshot.js';
import { type RoomState, restoreRoomState } from './room-state.js';
import {
  type AwarenessChange,
  forwardAwareness,
  forwardDocUpdate,
  handleYjsFrame,
} from './room-sync.js';
import { noteJoin, noteSeen, type SessionActivity } from './session-activity.js';
import type { StoredSession } from './session-store.js';
import { encodeAwarenessFrame, encodeSyncStep1, encodeSyncStep2 } from './yjs-frames.js';

export type { RoomOptions } from './room-context.js';

/**
 * One session in memory: the Yjs document, who is connected, chat, notes, rights and runs. Built from
 * the recording when someone joins, and every change is appended to the recording before it is sent.
 * Messages, runs, presence and Yjs sync live in room-messages.ts, room-runs.ts, room-presence.ts
 * and room-sync.ts; the restored state in room-state.ts.
 */
export class Room {
  readonly session: StoredSession;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly #opts: RoomOptions;
  readonly #writer: RecordingWriter;
  readonly #header: RecordingHeader;
  readonly #peers = new Map<WebSocket, PeerConnection>();
  readonly #state: RoomState;
  readonly #ctx: RoomContext;
  readonly #runs: RunCoordinator;
  #disposed = false;

  /** Rebuilds a session's room from its recording and opens the recording for appending. */
  constructor(session: StoredSession, opts: RoomOptions) {
    this.#opts = opts;
    const path = opts.store.recordingPath(session.id);
    const { header, events } = readRecording(path);
    this.#header = header;
    const snap = snapshotOf(header, events);
    this.doc = snap.doc;
    const restored = restoreRoomState(session, snap, events, opts.limits.chatHistory);
    this.#state = restored.state;
    this.#writer = new RecordingWriter(path, session.createdAt, opts.now);
    this.session = session;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.#ctx = this.#context();
    this.#runs = new RunCoordinator(this.#ctx, restored.lastRun, restored.nextRun);
    // A crash leaves joins without leaves and maybe a run without a result: close them.
    for (const id of snap.present.keys())
      this.#record({ type: 'leave', peer: id, reason: 'shutdown' });
    if (snap.pendingRun !== null) this.#runs.recordInterrupted(snap.pendingRun, events);
    if (this.#state.endedAt && !session.endedAt)
      this.session = opts.store.markEnded(session.id, this.#state.endedAt);
    this.doc.on('update', (update: Uint8Array, origin: unknown) =>
      forwardDocUpdate(this.#ctx, update, origin),
    );
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      forwardAwareness(this.#ctx, change, origin),
    );
  }

  /** Connected participants. */
  get peers(): PeerInfo[] {
    return [...this.#peers.values()].map((p) => ({ ...p.info }));
  }

  /** True while a run is in progress. */
  get busy(): boolean {
    return this.#runs.running !== null;
  }

  /** When the session ended, or null. */
  get endedAt(): string | null {
    return this.#state.endedAt;
  }

  /** Who joined, when, and the last score, as kept in `session.json`. */
  get activity(): SessionActivity {
    return this.#state.activity;
  }

  /** Adds a participant: welcome, the code, the awareness states, and `presence` to the others. */
  join(ws: WebSocket, role: Role, rawName: string | null): PeerConnection {
    const name = cleanName(rawName, role, this.#opts.limits.maxNameChars);
    const peer = new PeerConnection(ws, role, name, this.#opts.limits, this.#opts.now, () =>
      this.leave(peer, 'slow'),
    );
    peer.info.canEdit = this.#canEdit(role);
    this.#peers.set(ws, peer);
    const join = this.#record({ type: 'join', peer: peer.who });
    this.#noteActivity(noteJoin(this.#state.activity, peer.info, this.#timeOf(join)));
    ws.on('message', (data, isBinary) => this.#onFrame(peer, data, isBinary));
    ws.on('close', () => this.leave(peer, 'closed'));
    // ws reports protocol violations (an oversized frame) here and then closes the socket itself.
    ws.on('error', () => {});
    ws.on('pong', () => {
      peer.missedPings = 0;
    });
    peer.send(welcomeMessage(this.#ctx, this.#runs, peer));
    peer.sendBinary(encodeSyncStep1(this.doc));
    peer.sendBinary(encodeSyncStep2(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.sendBinary(encodeAwarenessFrame(this.awareness, states));
    // The welcome alone may have overflowed a connection that does not read.
    if (this.#peers.get(ws) !== peer) return peer;
    this.#broadcast(presenceMessage(this.#ctx, peer), peer);
    return peer;
  }

  /** Removes a participant (idempotent) and tells the others. */
  leave(peer: PeerConnection, reason: LeaveReason): void {
    if (this.#peers.get(peer.ws) !== peer) return;
    this.#peers.delete(peer.ws);
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
    const event = this.#record({ type: 'leave', peer: peer.info.id, reason });
    if (event) this.#noteActivity(noteSeen(this.#state.activity, this.#timeOf(event)));
    this.#broadcast(presenceMessage(this.#ctx, peer, reason));
    this.#opts.onSettled(this);
  }

  /** Connections, for the server's heartbeat. */
  connections(): PeerConnection[] {
    return [...this.#peers.values()];
  }

  /** Ends the session for good: rights revoked, `session.ended` to everyone. Idempotent. */
  end(by: PeerConnection | null): void {
    if (this.#state.endedAt) return;
    const event = this.#record({ type: 'end', by: by?.info.id ?? null });
    const at = this.#timeOf(event);
    this.#state.endedAt = at;
    this.#opts.store.markEnded(this.session.id, at);
    this.#noteActivity(noteSeen(this.#state.activity, at));
    for (const p of this.#peers.values()) p.info.canEdit = false;
    this.#broadcast({ type: 'session.ended', at, rights: this.#effectiveRights() });
  }

  /** Closes every connection (server shutdown) and frees the room. */
  shutdown(): void {
    let last: RecordedEvent | null = null;
    for (const peer of [...this.#peers.values()]) {
      this.#peers.delete(peer.ws);
      last = this.#record({ type: 'leave', peer: peer.info.id, reason: 'shutdown' });
      peer.ws.close(CLOSE.goingAway, 'Server shutting down');
    }
    if (last) this.#noteActivity(noteSeen(this.#state.activity, this.#timeOf(last)));
    this.dispose();
  }

  /** Frees the document and closes the recording. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.awareness.destroy();
    this.doc.destroy();
    this.#writer.close();
  }

  #context(): RoomContext {
    const room = this;
    return {
      get session() {
        return room.session;
      },
      opts: this.#opts,
      doc: this.doc,
      awareness: this.awareness,
      state: this.#state,
      get disposed() {
        return room.#disposed;
      },
      record: (event) => this.#record(event),
      timeOf: (event) => this.#timeOf(event),
      broadcast: (message, except) => this.#broadcast(message, except),
      connections: () => this.connections(),
      peerInfos: () => this.peers,
      canEdit: (role) => this.#canEdit(role),
      effectiveRights: () => this.#effectiveRights(),
      error: (peer, code, message, ref) => this.#error(peer, code, message, ref),
      noteActivity: (activity) => this.#noteActivity(activity),
      end: (by) => this.end(by),
      settle: () => this.#opts.onSettled(this),
    };
  }

  #record(event: EventInput): RecordedEvent | null {
    return this.#disposed ? null : this.#writer.append(event);
  }

  #timeOf(event: RecordedEvent | null): string {
    return eventTime(this.#header, event?.t ?? 0);
  }

  #noteActivity(activity: SessionActivity): void {
    this.#state.activity = activity;
    this.#opts.store.saveActivity(this.session.id, activity);
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

  #onFrame(peer: PeerConnection, data: RawData, isBinary: boolean): void {
    if (!this.#peers.has(peer.ws) || !peer.admit()) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    try {
      if (isBinary) handleYjsFrame(this.#ctx, peer, new Uint8Array(bytes));
      else handleJsonMessage(this.#ctx, this.#runs, peer, bytes.toString('utf8'));
    } catch (error) {
      this.#opts.log(`room ${this.session.id}: frame from ${peer.info.id} failed`, error);
      this.#error(peer, 'internal', 'The server could not handle that message.');
    }
  }
}
