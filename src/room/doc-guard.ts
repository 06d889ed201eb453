import * as Y from 'yjs';

/**
 * The room's Yjs document behind a check. Yjs applies an update as it decodes it, so a malformed
 * one can throw halfway and leave the document broken for every later update. Each update is
 * therefore tried first on a mirror (a second document with the same state); only when the mirror
 * took it cleanly is it applied to the room's document, and a mirror that threw is rebuilt from the
 * room's document, which never saw the update. Applying twice costs the size of the update, not of
 * the document; only a rejected update costs a rebuild.
 */
export class DocGuard {
  #doc: Y.Doc;
  #mirror: Y.Doc;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#mirror = copyDoc(doc);
  }

  /** The room's document. */
  get doc(): Y.Doc {
    return this.#doc;
  }

  /**
   * Applies an update to the mirror and returns what it changed, as one Yjs update (null when it
   * added nothing visible, e.g. only structs still waiting for what they depend on). Throws when
   * the update does not apply; the mirror is then already rebuilt and nothing changed.
   */
  tryUpdate(update: Uint8Array): Uint8Array | null {
    let effect: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      effect = effect ? Y.mergeUpdates([effect, u]) : u;
    };
    this.#mirror.on('update', capture);
    try {
      Y.applyUpdate(this.#mirror, update, 'guard');
    } catch (error) {
      this.rollback();
      throw error;
    } finally {
      this.#mirror.off('update', capture);
    }
    return effect;
  }

  /** Forgets the update last tried (it was refused after all): the mirror is rebuilt. */
  rollback(): void {
    this.#mirror.destroy();
    this.#mirror = copyDoc(this.#doc);
  }

  /**
   * Applies a tried update to the room's document. Returns false when the room's document did not
   * end up where the mirror is (it threw, or their state vectors differ): the caller rebuilds it.
   */
  commit(update: Uint8Array, origin: unknown): boolean {
    try {
      Y.applyUpdate(this.#doc, update, origin);
    } catch {
      return false;
    }
    return sameState(this.#doc, this.#mirror);
  }

  /** Swaps in a rebuilt room document (the old one is left to the caller) and a fresh mirror. */
  replace(doc: Y.Doc): void {
    this.#doc = doc;
    this.#mirror.destroy();
    this.#mirror = copyDoc(doc);
  }

  /** Bytes of the mirror's whole state: what the document would weigh with the tried update. */
  triedSize(): number {
    return Y.encodeStateAsUpdate(this.#mirror).length;
  }

  /** Frees the mirror. */
  destroy(): void {
    this.#mirror.destroy();
  }
}

function copyDoc(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateVector(a)).equals(Y.encodeStateVector(b));
}
