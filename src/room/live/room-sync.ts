import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ROLE_COLORS, safeAwarenessState } from '../protocol/awareness-user.js';
import {
  checkAwarenessUpdate,
  decodeYjsFrame,
  encodeAwarenessFrame,
  encodeSyncStep2,
  encodeUpdateFrame,
} from '../protocol/yjs-frames.js';
import { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';

/** Which awareness clients an awareness update added, updated or removed. */
export type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * Handles a binary frame: answers sync step 1, applies awareness, and applies edits only from a
 * connection that may edit (read-only is the server's rule, not only the page's). Whatever a frame
 * holds, a bad one is answered with `bad-message` and changes nothing.
 */
export function handleYjsFrame(ctx: RoomContext, peer: PeerConnection, bytes: Uint8Array): void {
  let frame: ReturnType<typeof decodeYjsFrame>;
  try {
    frame = decodeYjsFrame(bytes);
  } catch (error) {
    refuse(ctx, peer, 'A binary frame must be a Yjs sync or awareness message.', error);
    return;
  }
  if (frame.kind === 'step1') {
    let stateVector: Map<number, number>;
    try {
      stateVector = Y.decodeStateVector(frame.stateVector);
    } catch (error) {
      refuse(ctx, peer, 'The sync step 1 state vector does not decode.', error);
      return;
    }
    // Encoded again, so Yjs diffs against a vector known to be well formed.
    peer.sendBinary(
      encodeSyncStep2(Y.encodeStateAsUpdate(ctx.doc, Y.encodeStateVector(stateVector))),
    );
  } else if (frame.kind === 'awareness') {
    // Checked whole first: Yjs applies an awareness update entry by entry as it decodes it.
    try {
      checkAwarenessUpdate(frame.update);
    } catch (error) {
      refuse(ctx, peer, 'The awareness update does not decode.', error);
      return;
    }
    awarenessProtocol.applyAwarenessUpdate(ctx.awareness, frame.update, peer);
  } else if (!peer.info.canEdit) {
    // Dropped, never applied or forwarded.
    if (frame.kind === 'update') {
      if (ctx.state.endedAt)
        ctx.error(peer, 'session-ended', 'The session has ended; the code is read-only.');
      else ctx.error(peer, 'read-only', 'You may not edit the code; your edit was dropped.');
    }
  } else {
    ctx.applyUpdate(peer, frame.update);
  }
}

function refuse(ctx: RoomContext, peer: PeerConnection, message: string, error: unknown): void {
  const why = error instanceof Error ? error.message : String(error);
  ctx.problem(peer, `sent a bad binary frame: ${message}`, why);
  ctx.error(peer, 'bad-message', message);
}

/** Forwards an edit a peer made (already recorded) to everyone else. */
export function forwardDocUpdate(ctx: RoomContext, update: Uint8Array, origin: unknown): void {
  if (!(origin instanceof PeerConnection)) return;
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
