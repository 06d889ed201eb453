import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { ROLE_COLORS, safeAwarenessState } from '../../src/room/protocol/awareness-user.js';
import {
  CLOSE,
  type ClientMessage,
  LIMITS,
  type ServerMessage,
  YJS_AWARENESS,
  YJS_SYNC,
} from '../../src/room/protocol/protocol.js';

/** What the status indicator shows. */
export type ConnectionStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'online' }
  | { state: 'offline'; retryInMs: number; attempt: number };

/** Callbacks of a room connection. */
export interface ConnectionHandlers {
  onMessage(message: ServerMessage): void;
  onStatus(status: ConnectionStatus): void;
  /** The link was rotated: the token is dead, so the connection stops for good. */
  onRevoked?(reason: string): void;
}

const MAX_BACKOFF_MS = 10_000;
/** How a remote cursor without a usable name or colour is drawn. */
const REMOTE_FALLBACK = { name: 'Anonymous', color: ROLE_COLORS.observer };

/**
 * One participant's socket: JSON messages, Yjs sync and awareness on the same WebSocket, and
 * reconnection with exponential backoff and jitter after a drop or a server restart. The Y.Doc
 * outlives sockets, so a reconnect only exchanges what either side is missing.
 */
export class RoomConnection {
  readonly #url: string;
  readonly #doc: Y.Doc;
  readonly #awareness: awarenessProtocol.Awareness;
  readonly #handlers: ConnectionHandlers;
  #ws: WebSocket | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    url: string,
    doc: Y.Doc,
    awareness: awarenessProtocol.Awareness,
    handlers: ConnectionHandlers,
  ) {
    this.#url = url;
    this.#doc = doc;
    this.#awareness = awareness;
    this.#handlers = handlers;
    doc.on('update', this.#onDocUpdate);
    // Registered before the editor's own listener, so cursors are drawn from checked states only.
    awareness.on('change', this.#checkRemoteStates);
    awareness.on('update', this.#onAwarenessUpdate);
    window.addEventListener('online', this.#retryNow);
    window.addEventListener('offline', this.#dropNow);
    this.#connect();
  }

  /** True while the socket is open. */
  get open(): boolean {
    return this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Sends a JSON message; returns false when offline (the caller keeps the user's input). */
  send(message: ClientMessage): boolean {
    if (!this.open || !this.#ws) return false;
    this.#ws.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    window.removeEventListener('online', this.#retryNow);
    window.removeEventListener('offline', this.#dropNow);
    this.#doc.off('update', this.#onDocUpdate);
    this.#awareness.off('change', this.#checkRemoteStates);
    this.#awareness.off('update', this.#onAwarenessUpdate);
    this.#ws?.close(1000);
  }

  #connect(): void {
    this.#handlers.onStatus({ state: 'connecting', attempt: this.#attempt });
    const ws = new WebSocket(this.#url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    ws.addEventListener('open', () => {
      // Our state vector: the server answers with what we lack; its step 1 gets our offline edits.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YJS_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.#doc);
      ws.send(encoding.toUint8Array(encoder));
      const local = this.#awareness.getLocalState();
      if (local) {
        // The server tombstoned our last awareness clock when the old socket left: step past it.
        this.#awareness.setLocalState({ ...local });
        this.#awareness.setLocalState({ ...local });
      }
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data === 'string') this.#onText(event.data);
      else this.#onBinary(new Uint8Array(event.data as ArrayBuffer));
    });
    ws.addEventListener('close', (event: CloseEvent) => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      if (event.code === CLOSE.revoked) {
        // Retrying with a dead token would only be refused, forever.
        this.close();
        this.#handlers.onRevoked?.(event.reason);
        return;
      }
      // Remote cursors would go stale; the server resends every state on the next join.
      const others = [...this.#awareness.getStates().keys()].filter(
        (id) => id !== this.#doc.clientID,
      );
      awarenessProtocol.removeAwarenessStates(this.#awareness, others, this);
      if (!this.#closed) this.#scheduleRetry();
    });
  }

  #scheduleRetry(): void {
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.#attempt);
    const retryInMs = Math.round(base / 2 + (Math.random() * base) / 2);
    this.#attempt += 1;
    this.#handlers.onStatus({ state: 'offline', retryInMs, attempt: this.#attempt });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), retryInMs);
  }

  // When the browser knows the network is gone, a socket would only linger half-open until a
  // timeout: drop it now, show Offline, and reconnect on `online`.
  readonly #dropNow = (): void => {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.close(4000, 'offline');
  };

  readonly #retryNow = (): void => {
    if (this.#closed || this.#ws) return;
    clearTimeout(this.#timer);
    this.#connect();
  };

  #onText(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'welcome') {
      this.#attempt = 0;
      this.#handlers.onStatus({ state: 'online' });
    }
    this.#handlers.onMessage(message);
  }

  #onBinary(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const kind = decoding.readVarUint(decoder);
    if (kind === YJS_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YJS_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, this.#doc, this);
      // Only a step 1 produces an answer (our step 2); updates and step 2 produce none.
      if (encoding.length(encoder) > 1) this.#ws?.send(encoding.toUint8Array(encoder));
    } else if (kind === YJS_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(
        this.#awareness,
        decoding.readVarUint8Array(decoder),
        this,
      );
    }
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || !this.open) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YJS_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.#ws?.send(encoding.toUint8Array(encoder));
  };

  // The server already checks every peer's `user`; this keeps a peer's string out of the cursor's
  // style attribute even if a server does not (strict #rrggbb colours, names as short text).
  readonly #checkRemoteStates = (
    { added, updated }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== this) return;
    for (const id of [...added, ...updated]) {
      const state = this.#awareness.states.get(id);
      if (id === this.#doc.clientID || !state) continue;
      this.#awareness.states.set(
        id,
        safeAwarenessState(state, REMOTE_FALLBACK, LIMITS.maxNameChars),
      );
    }
  };

  readonly #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || !this.open) return;
    const changed = [...added, ...updated, ...removed].filter((id) => id === this.#doc.clientID);
    if (changed.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YJS_AWARENESS);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.#awareness, changed),
    );
    this.#ws?.send(encoding.toUint8Array(encoder));
  };
}
