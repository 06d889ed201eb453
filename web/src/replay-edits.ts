import * as Y from 'yjs';
import type { Recording } from './recording-model.js';

/** One recorded edit: a `code` event sent by a person (the starter code the server wrote is not one). */
export interface CodeEdit {
  t: number;
  /** Every file whose text the update changed, in the room's file order. */
  files: string[];
  /** The file a viewer follows: the first of `files`. */
  file: string;
  /** The 1-based line of the first changed character in `file`, as the text was after the edit. */
  line: number;
}

/** Edits close together in one file, shown as one marker on the timeline. */
export interface EditBurst {
  t: number;
  end: number;
  file: string;
  count: number;
}

/** Edits in one file less than this far apart (milliseconds) belong to one burst. */
export const BURST_GAP_MS = 2000;

/** Decodes the base64 of a recorded Yjs update. */
export function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * Applies the recording's code updates once, in order, and notes for each edit which files' texts
 * changed (the root Y.Texts a transaction touched) and the line of the change.
 */
export function findEdits(recording: Recording, until = Number.POSITIVE_INFINITY): CodeEdit[] {
  const doc = new Y.Doc();
  const texts = new Map<string, string>();
  let names = [...recording.header.session.files];
  let touched = new Set<string>();
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) {
      if (type._item !== null) continue;
      for (const [name, root] of doc.share) if (root === type) touched.add(name);
    }
  });
  const edits: CodeEdit[] = [];
  for (const e of recording.events) {
    if (e.t > until) break;
    if (e.type === 'files') names = e.files;
    if (e.type !== 'code') continue;
    touched = new Set();
    Y.applyUpdate(doc, decodeBase64(e.update));
    const lines = new Map<string, number>();
    for (const name of touched) {
      const after = doc.getText(name).toString();
      const at = firstDifference(texts.get(name) ?? '', after);
      texts.set(name, after);
      if (at !== null) lines.set(name, lineAt(after, at));
    }
    if (e.peer === null) continue;
    const ordered = [...lines.keys()].sort((a, b) => rank(names, a) - rank(names, b));
    const file = ordered[0];
    if (file !== undefined)
      edits.push({ t: e.t, files: ordered, file, line: lines.get(file) ?? 1 });
  }
  doc.destroy();
  return edits;
}

/** Groups edits into bursts: same file, each less than `gap` after the one before. */
export function editBursts(edits: CodeEdit[], gap = BURST_GAP_MS): EditBurst[] {
  const bursts: EditBurst[] = [];
  for (const edit of edits) {
    const last = bursts.at(-1);
    if (last && last.file === edit.file && edit.t - last.end < gap) {
      last.end = edit.t;
      last.count += 1;
    } else {
      bursts.push({ t: edit.t, end: edit.t, file: edit.file, count: 1 });
    }
  }
  return bursts;
}

/** The latest edit at or before `t`, or null before the first (edits are in time order). */
export function editAt(edits: CodeEdit[], t: number): CodeEdit | null {
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edits[mid]?.t ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return edits[lo - 1] ?? null;
}

/** `Edited server.ts (14 changes)`. */
export function burstLabel(burst: EditBurst): string {
  return `Edited ${burst.file} (${burst.count} ${burst.count === 1 ? 'change' : 'changes'})`;
}

function rank(names: string[], name: string): number {
  const i = names.indexOf(name);
  return i < 0 ? names.length : i;
}

function firstDifference(a: string, b: string): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return a.length === b.length ? null : n;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
