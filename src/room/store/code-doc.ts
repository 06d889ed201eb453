import * as Y from 'yjs';

/** A Yjs document holding one Y.Text per source file, filled with the given contents. */
export function createCodeDoc(files: Record<string, string>): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const [name, content] of Object.entries(files)) doc.getText(name).insert(0, content);
  });
  return doc;
}

/** The current text of each named file. */
export function readCodeFiles(doc: Y.Doc, names: readonly string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of names) files[name] = doc.getText(name).toString();
  return files;
}

/** Encodes a Yjs update for a recording line. */
export function encodeUpdate(update: Uint8Array): string {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64');
}

/** Decodes a recorded Yjs update. */
export function decodeUpdate(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
