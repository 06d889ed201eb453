import { EditorView } from '@codemirror/view';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isHexColor } from '../../src/room/protocol/awareness-user.js';
import { h, replaceChildren } from './dom.js';

/** Where one participant is, read from their awareness state. */
export interface PeerPlace {
  client: number;
  name: string;
  color: string;
  file: string | null;
  /** 1-based lines of their cursor or selection, when the file is known. */
  lines: { from: number; to: number } | null;
  /** Offset of their cursor's head in the file. */
  head: number | null;
}

/** Every other participant's place in the code, from awareness (`file`, `user`, `cursor`). */
export function peerPlaces(awareness: Awareness, doc: Y.Doc): PeerPlace[] {
  const places: PeerPlace[] = [];
  for (const [client, state] of awareness.getStates()) {
    if (client === doc.clientID) continue;
    const user = (state.user ?? {}) as { name?: unknown; color?: unknown };
    const name = typeof user.name === 'string' ? user.name : 'Someone';
    const color = isHexColor(user.color) ? user.color : '#5b6470';
    const file = typeof state.file === 'string' ? state.file : null;
    const cursor = state.cursor as { anchor?: unknown; head?: unknown } | null | undefined;
    const anchor = file && cursor ? resolve(doc, cursor.anchor) : null;
    const head = file && cursor ? resolve(doc, cursor.head) : null;
    let lines: PeerPlace['lines'] = null;
    if (file && anchor !== null && head !== null) {
      const text = doc.getText(file).toString();
      const line = (at: number) => text.slice(0, at).split('\n').length;
      const [a, b] = [line(Math.min(anchor, head)), line(Math.max(anchor, head))];
      lines = { from: a, to: b };
    }
    places.push({ client, name, color, file, lines, head });
  }
  return places;
}

function resolve(doc: Y.Doc, json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  try {
    const pos = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(json),
      doc,
    );
    return pos ? pos.index : null;
  } catch {
    return null;
  }
}

/** Puts a coloured dot on each file tab for every participant who has that file open. */
export function drawPresenceDots(editorElement: HTMLElement, places: PeerPlace[]): void {
  for (const tab of editorElement.querySelectorAll<HTMLElement>('[role="tab"][data-file]')) {
    let dots = tab.querySelector<HTMLElement>('.presence-dots');
    const here = places.filter((p) => p.file === tab.dataset.file);
    if (here.length === 0) {
      dots?.remove();
      continue;
    }
    if (!dots) {
      dots = h('span', { class: 'presence-dots' });
      tab.append(dots);
    }
    dots.setAttribute('aria-label', `open here: ${here.map((p) => p.name).join(', ')}`);
    replaceChildren(
      dots,
      ...here.map((p) =>
        h('span', {
          class: 'presence-dot',
          attrs: { title: p.name, 'data-name': p.name, style: `background:${p.color}` },
        }),
      ),
    );
  }
}

/** Scrolls the editor showing `file` so `offset` is in view (the follower's view of a peer). */
export function revealOffset(editorElement: HTMLElement, offset: number): void {
  const root = editorElement.querySelector<HTMLElement>('.cm-editor');
  const view = root ? EditorView.findFromDOM(root) : null;
  if (!view) return;
  const at = Math.min(offset, view.state.doc.length);
  view.dispatch({ effects: EditorView.scrollIntoView(at, { y: 'center' }) });
}
