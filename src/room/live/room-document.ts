import * as Y from 'yjs';
import { asError } from '../../errors.js';
import type { ErrorCode } from '../protocol/protocol.js';
import { encodeSyncStep1, encodeSyncStep2, encodeUpdateFrame } from '../protocol/yjs-frames.js';
import { encodeUpdate } from '../store/code-doc.js';
import { type LoadedRoom, loadRoomRecording } from '../store/room-load.js';
import type { RoomRecorder } from '../store/room-recorder.js';
import { DocGuard } from './doc-guard.js';
import type { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';
import type { RunCoordinator } from './room-runs.js';
import { forwardDocUpdate } from './room-sync.js';

/** Why the room refused an edit, as the `error` it answers with. */
type Refusal = { code: ErrorCode; message: string };

/**
 * A room's shared code: the document (made from the recording's bytes when first needed), the
 * edits checked, recorded and applied, the rebuild when it turns inconsistent, and the snapshots
 * that keep loading short. Room.ts owns the connections; this file owns the code they edit.
 */
export class RoomDocument {
  readonly #ctx: RoomContext;
  readonly #recorder: RoomRecorder;
  readonly #runs: RunCoordinator;
  /** True while the connection is still in the room. */
  readonly #isOpen: (peer: PeerConnection) => boolean;
  readonly #guard: DocGuard;
  /** Which connection writes with each Yjs client id (see #writesAsAnother). */
  readonly #owners = new Map<number, PeerConnection>();
  /** Bytes of the document's state: exact at load and at each snapshot, plus recorded edits since. */
  #docBytes: number;
  #snapshotAt: number;
  #snapshotBytes = 0;
  #makingDoc = false;
  /** Joined while the document was still bytes: they get the sync step 1 once it is made. */
  readonly #askOnMade = new Set<PeerConnection>();

  /** Takes the loaded code as bytes; the document is made on first use. */
  constructor(
    ctx: RoomContext,
    loaded: LoadedRoom,
    recorder: RoomRecorder,
    runs: RunCoordinator,
    isOpen: (peer: PeerConnection) => boolean,
  ) {
    this.#ctx = ctx;
    this.#recorder = recorder;
    this.#runs = runs;
    this.#isOpen = isOpen;
    this.#guard = new DocGuard(loaded.code, (doc) => this.#onDocMade(doc));
    this.#docBytes = loaded.docBytes;
    this.#snapshotAt = recorder.size - loaded.tailBytes;
  }

  /** The shared code (replaced by a rebuilt one if it ever ends up inconsistent). */
  get doc(): Y.Doc {
    return this.#guard.doc;
  }

  /** Sends a joining peer the code: sync step 1 (now or once the document is made), then step 2. */
  sendTo(peer: PeerConnection): void {
    // The state vector is cheap from a document and not from bytes: while there is none, the sync
    // step 1 (asking for what the room lacks) follows once it is made, shortly after.
    if (this.#guard.made) peer.sendBinary(encodeSyncStep1(this.#guard.stateVector()));
    else this.#askOnMade.add(peer);
    // Made once the code is out: making it first would hold the whole code back that long.
    peer.sendBinary(encodeSyncStep2(this.#guard.state()), () => this.#makeDocSoon());
  }

  /** Forgets a peer that left: no sync step 1 for it, and its client ids are free again. */
  forget(peer: PeerConnection): void {
    this.#askOnMade.delete(peer);
    for (const [client, owner] of this.#owners) if (owner === peer) this.#owners.delete(client);
  }

  /**
   * An edit from a peer that may edit: tried on the mirror, checked against the document cap,
   * recorded, and only then applied and forwarded. Any refusal leaves the document as it was.
   */
  applyUpdate(peer: PeerConnection, update: Uint8Array): boolean {
    const ctx = this.#ctx;
    const tried = this.#guard.tryUpdate(update);
    if (!tried.ok && tried.reason === 'missing') {
      // An honest client gets here after one of its updates was dropped (rate limit, a refusal):
      // a sync step 1 makes it send everything the room lacks, dependencies included.
      ctx.problem(peer, 'sent a Yjs update that misses what it depends on');
      peer.sendBinary(encodeSyncStep1(this.#guard.stateVector()));
      return false;
    }
    if (!tried.ok) {
      ctx.problem(peer, 'sent a Yjs update that does not apply', tried.detail);
      ctx.error(peer, 'bad-message', 'The Yjs update does not apply; it was dropped.');
      return false;
    }
    const effect = tried.effect;
    if (this.#writesAsAnother(peer, update)) {
      this.#guard.rollback();
      ctx.problem(peer, 'sent a Yjs update that writes as another participant');
      ctx.error(
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
        ctx.error(peer, refusal.code, refusal.message);
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

  /** Sends everyone the room's state and asks each for what the room lacks. */
  resync(): void {
    const step1 = encodeSyncStep1(this.#guard.stateVector());
    const step2 = encodeSyncStep2(this.#guard.state());
    for (const p of this.#ctx.connections()) {
      p.sendBinary(step2);
      p.sendBinary(step1);
    }
  }

  /** Writes a snapshot once enough was recorded since the last one, so loading stays short. */
  maybeSnapshot(): void {
    const { state } = this.#ctx;
    // Written from the document, not from the loaded bytes, which still hold deleted text.
    if (this.#ctx.disposed || this.#recorder.paused || !this.#guard.made) return;
    const every = Math.max(this.#ctx.opts.snapshotEveryBytes, 2 * this.#snapshotBytes);
    if (this.#recorder.size - this.#snapshotAt < every) return;
    const encoded = Y.encodeStateAsUpdate(this.doc);
    const before = this.#recorder.size;
    const result = this.#ctx.record({
      type: 'snapshot',
      doc: encodeUpdate(encoded),
      state: {
        chat: state.chat,
        notes: state.notes,
        rights: state.rights,
        lastRun: this.#runs.lastRun,
        pendingRun: this.#runs.runningStart,
        endedAt: state.endedAt,
        hints: state.hints,
        scores: state.scores,
        review: state.review,
        files: state.files,
        present: this.#ctx
          .connections()
          .map((p) => [p.info.id, { role: p.info.role, name: p.info.name }]),
      },
    });
    if (!result.ok) return;
    this.#snapshotAt = this.#recorder.size;
    this.#snapshotBytes = this.#recorder.size - before;
    this.#docBytes = encoded.length;
  }

  /** Frees the document. */
  destroy(): void {
    this.#guard.destroy();
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
      if (owner && other(owner) && this.#isOpen(owner)) return true;
      for (const p of this.#ctx.connections())
        if (other(p) && p.awarenessIds.has(client)) return true;
    }
    for (const client of clients) this.#owners.set(client, peer);
    return false;
  }

  #checkDocSize(added: number): Refusal | null {
    const max = this.#ctx.opts.limits.maxDocBytes;
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
    const result = this.#ctx.record({
      type: 'code',
      peer: peer.info.id,
      update: encodeUpdate(effect),
    });
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
    const { opts, session } = this.#ctx;
    opts.log(`room ${session.id}: document inconsistent; rebuilt from the recording`);
    const old = this.doc;
    const loaded = loadRoomRecording(opts.store.recordingPath(session.id), false);
    old.off('update', this.#onDocUpdate);
    old.destroy();
    this.#guard.replace(loaded.code);
    this.#docBytes = loaded.docBytes;
    this.resync();
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void =>
    forwardDocUpdate(this.#ctx, update, origin);

  #onDocMade(doc: Y.Doc): void {
    doc.on('update', this.#onDocUpdate);
    const asking = [...this.#askOnMade].filter((p) => this.#isOpen(p));
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
      if (this.#ctx.disposed || this.#guard.made) return;
      // A timer must not throw: a recording whose code does not apply fails the next handler
      // that needs the document instead, which answers `internal`.
      try {
        void this.doc;
        this.maybeSnapshot();
      } catch (error) {
        const { opts, session } = this.#ctx;
        opts.log(`room ${session.id}: cannot build the document`, asError(error));
      }
    });
  }
}
