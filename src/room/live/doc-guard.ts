import * as Y from 'yjs';

/**
 * The room's Yjs document behind a check. Yjs applies an update as it decodes it, so a malformed
 * one can throw halfway and leave the document broken for every later update. Each update is
 * therefore tried first on a mirror (a second document with the same state); only when the mirror
 * took it cleanly is it applied to the room's document, and a mirror that threw is rebuilt from the
 * room's document, which never saw the update. Applying twice costs the size of the update, not of
 * the document; only an update that decodes and still fails to apply costs a rebuild. Neither
 * document ever holds structs waiting for their dependencies.
 *
 * The document itself is made on first use: until then the guard holds the code as one Yjs update
 * and answers a join's sync from those bytes, since applying a long session's code to a document
 * takes longer than a first join may.
 */
export class DocGuard {
  #made: Y.Doc | null = null;
  // The code while the document is not made, and its state vector once asked for.
  #code: Uint8Array | null;
  #vector: Uint8Array | null = null;
  readonly #onMade: (doc: Y.Doc) => void;
  // Made on the first update: a room someone only opens (a first join, a replay) never pays for it.
  #copy: Y.Doc | null = null;

  /** `code` is the document's whole state as one update; `onMade` sees the document once made. */
  constructor(code: Uint8Array, onMade: (doc: Y.Doc) => void) {
    this.#code = code;
    this.#onMade = onMade;
  }

  get #mirror(): Y.Doc {
    this.#copy ??= copyDoc(this.doc);
    return this.#copy;
  }

  /** The room's document, made from the code on first use. */
  get doc(): Y.Doc {
    if (this.#made) return this.#made;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.#code ?? new Uint8Array([0, 0]), 'recording');
    this.#made = doc;
    this.#code = null;
    this.#vector = null;
    this.#onMade(doc);
    return doc;
  }

  /** True once the document exists (until then the code is only bytes). */
  get made(): boolean {
    return this.#made !== null;
  }

  /** The document's whole state as one update, without making the document. */
  state(): Uint8Array {
    return this.#made ? Y.encodeStateAsUpdate(this.#made) : (this.#code ?? new Uint8Array([0, 0]));
  }

  /** The document's state vector, without making the document. */
  stateVector(): Uint8Array {
    if (this.#made) return Y.encodeStateVector(this.#made);
    this.#vector ??= Y.encodeStateVectorFromUpdate(this.state());
    return this.#vector;
  }

  /**
   * Applies an update to the mirror and returns what it changed, as one Yjs update (null when it
   * changed nothing, e.g. a repeat). Refuses, with the mirror as before, an update that does not
   * decode or apply (`bad`) and one that depends on structs the room does not have (`missing`):
   * Yjs would keep those aside indefinitely and merge them again with every later update.
   */
  tryUpdate(update: Uint8Array): TryResult {
    // Most malformed updates fail to decode at all, and a gap in a client's clocks shows in the
    // update's metadata: both are refused before the mirror is touched, at the cost of the update.
    let from: Map<number, number>;
    try {
      Y.decodeUpdate(update);
      from = Y.parseUpdateMeta(update).from;
    } catch (error) {
      return { ok: false, reason: 'bad', detail: messageOf(error) };
    }
    for (const [client, clock] of from) {
      if (clock > Y.getState(this.#mirror.store, client)) return { ok: false, reason: 'missing' };
    }
    let effect: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      effect = effect ? Y.mergeUpdates([effect, u]) : u;
    };
    this.#mirror.on('update', capture);
    try {
      Y.applyUpdate(this.#mirror, update, 'guard');
    } catch (error) {
      this.rollback();
      return { ok: false, reason: 'bad', detail: messageOf(error) };
    } finally {
      this.#mirror.off('update', capture);
    }
    const { pendingStructs, pendingDs } = this.#mirror.store;
    if (pendingStructs !== null || pendingDs !== null) {
      this.rollback();
      return { ok: false, reason: 'missing' };
    }
    return { ok: true, effect };
  }

  /** Forgets the update last tried (it was refused after all): the mirror is rebuilt. */
  rollback(): void {
    this.#copy?.destroy();
    this.#copy = null;
  }

  /**
   * Applies a tried update to the room's document. Returns false when the room's document did not
   * end up where the mirror is (it threw, or their state vectors differ): the caller rebuilds it.
   */
  commit(update: Uint8Array, origin: unknown): boolean {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch {
      return false;
    }
    return sameState(this.doc, this.#mirror);
  }

  /**
   * Swaps in rebuilt code, made into a document on first use as at the start; the old document
   * is left to the caller.
   */
  replace(code: Uint8Array): void {
    this.#made = null;
    this.#code = code;
    this.#vector = null;
    this.rollback();
  }

  /** Bytes of the mirror's whole state: what the document would weigh with the tried update. */
  triedSize(): number {
    return Y.encodeStateAsUpdate(this.#mirror).length;
  }

  /** Frees the mirror and the document. */
  destroy(): void {
    this.rollback();
    this.#made?.destroy();
    this.#code = null;
  }
}

/** What trying an update gave: its effect, or why it was refused. */
export type TryResult =
  | { ok: true; effect: Uint8Array | null }
  | { ok: false; reason: 'bad'; detail: string }
  | { ok: false; reason: 'missing' };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateVector(a)).equals(Y.encodeStateVector(b));
}
