import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ROLE_COLORS, safeAwarenessState } from './awareness-user.js';
import { encodeUpdate } from './code-doc.js';
import { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';
import {
  decodeYjsFrame,
  encodeAwarenessFrame,
  encodeSyncStep2,
  encodeUpdateFrame,
} from './yjs-frames.js';

/** Which awareness clients an awareness update added, updated or removed. */
export type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * Handles a binary frame: answers sync step 1, applies awareness, and applies edits only from a
 * connection that may edit (read-only is the server's rule, not only the page's).
 */
export function handleYjsFrame(ctx: RoomContext, peer: PeerConnection, bytes: Uint8Array): void {
  let frame: ReturnType<typeof decodeYjsFrame>;
  try {
    frame = decodeYjsFrame(bytes);
  } catch {
    ctx.error(peer, 'bad-message', 'A binary frame must be a Yjs sync or awareness message.');
    return;
  }
  if (frame.kind === 'step1') {
    peer.sendBinary(encodeSyncStep2(ctx.doc, frame.stateVector));
  } else if (frame.kind === 'awareness') {
    guard(ctx, peer, () =>
      awarenessProtocol.applyAwarenessUpdate(ctx.awareness, frame.update, peer),
    );
  } else if (!peer.info.canEdit) {
    // Dropped, never applied or forwarded.
    if (frame.kind === 'update') {
      if (ctx.state.endedAt)
        ctx.error(peer, 'session-ended', 'The session has ended; the code is read-only.');
      else ctx.error(peer, 'read-only', 'You may not edit the code; your edit was dropped.');
    }
  } else {
    guard(ctx, peer, () => Y.applyUpdate(ctx.doc, frame.update, peer));
  }
}

function guard(ctx: RoomContext, peer: PeerConnection, apply: () => void): void {
  try {
    apply();
  } catch {
    ctx.error(peer, 'bad-message', 'The Yjs update does not decode.');
  }
}

/** Records an edit a peer made and forwards it to everyone else. */
export function forwardDocUpdate(ctx: RoomContext, update: Uint8Array, origin: unknown): void {
  if (!(origin instanceof PeerConnection)) return;
  ctx.record({ type: 'code', peer: origin.info.id, update: encodeUpdate(update) });
  const frame = encodeUpdateFrame(update);
  for (const p of ctx.connections()) if (p !== origin) p.sendBinary(frame);
}

/**
 * Tracks which awareness clients belong to which connection, makes a peer's `user` safe (the
 * server's name for it, a strict hex colour) before anyone sees it, and forwards the change.
 */
export function forwardAwareness(
  ctx: RoomContext,
  { added, updated, removed }: AwarenessChange,
  origin: unknown,
): void {
  if (origin instanceof PeerConnection) {
    const fallback = { name: origin.info.name, color: ROLE_COLORS[origin.info.role] };
    for (const id of [...added, ...updated]) {
      origin.awarenessIds.add(id);
      const state = ctx.awareness.states.get(id);
      if (state) {
        const safe = safeAwarenessState(state, fallback, ctx.opts.limits.maxNameChars, true);
        ctx.awareness.states.set(id, safe);
      }
    }
    for (const id of removed) origin.awarenessIds.delete(id);
  }
  const changed = [...added, ...updated, ...removed];
  if (changed.length === 0 || ctx.disposed) return;
  const frame = encodeAwarenessFrame(ctx.awareness, changed);
  for (const p of ctx.connections()) if (p !== origin) p.sendBinary(frame);
}
