import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { LIMITS } from '../../src/room/protocol/protocol.js';
import { h, replaceChildren } from './dom.js';
import { renderJoinForm } from './join-form.js';
import { RoomConnection } from './room-connection.js';
import { RoomView } from './room-view.js';
import { StatusBadge } from './status-badge.js';

/** The room at /s/<id>?token=…: asks for a name once per tab, then joins. */
export function mountRoom(root: HTMLElement, sessionId: string, token: string): void {
  const key = `kit-joined:${sessionId}`;
  const name = sessionStorage.getItem(key);
  if (name) {
    enterRoom(root, sessionId, token, name);
    return;
  }
  renderJoinForm(root, LIMITS.maxNameChars, (chosen) => {
    sessionStorage.setItem(key, chosen);
    enterRoom(root, sessionId, token, chosen);
  });
}

function enterRoom(root: HTMLElement, sessionId: string, token: string, name: string): void {
  replaceChildren(
    root,
    h('main', { class: 'page narrow' }, h('p', { class: 'muted' }, 'Connecting to the room…')),
  );
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const status = new StatusBadge();
  let room: RoomView | null = null;
  const params = new URLSearchParams({ token, name });
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/${encodeURIComponent(sessionId)}?${params}`;
  const connection = new RoomConnection(url, doc, awareness, {
    onStatus: (s) => {
      status.set(s);
      room?.setOnline(s.state === 'online');
    },
    onMessage: (m) => {
      if (m.type === 'welcome' && !room)
        room = new RoomView(root, m, doc, awareness, status, connection);
      room?.handle(m);
    },
    onRevoked: (reason) => {
      replaceChildren(
        root,
        h(
          'main',
          { class: 'page narrow', attrs: { 'data-testid': 'revoked' } },
          h('h1', null, 'This link no longer works'),
          h('p', null, reason || 'The interviewer replaced it. Ask for the new link.'),
        ),
      );
    },
  });
  window.addEventListener('pagehide', () => connection.close());
}
