import { parseClientMessage } from '../protocol/parse-client-message.js';
import type { ChatEntry, ClientMessage, ErrorCode, NoteEntry, Role } from '../protocol/protocol.js';
import type { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';
import { changeFiles } from './room-files.js';
import type { RunCoordinator } from './room-runs.js';
import { giveHint, setReview, setScore } from './room-tools.js';

/** Handles one JSON text frame: parse, check the sender's rights, then act and broadcast. */
export function handleJsonMessage(
  ctx: RoomContext,
  runs: RunCoordinator,
  peer: PeerConnection,
  text: string,
): void {
  const parsed = parseClientMessage(text, ctx.opts.limits);
  if (!parsed.ok) {
    peer.send(parsed.error);
    return;
  }
  const m = parsed.message;
  const refused = refusal(ctx, runs, peer, m);
  if (refused) {
    ctx.error(peer, refused.code, refused.message, 'ref' in m ? m.ref : undefined);
    return;
  }
  switch (m.type) {
    case 'chat':
      addChat(ctx, peer, m.text, m.ref);
      return;
    case 'typing':
      ctx.broadcast({ type: 'typing', peer: peer.who, typing: m.typing }, peer);
      return;
    case 'note':
      addNote(ctx, peer, m.text, m.ref);
      return;
    case 'role.set': {
      const { state } = ctx;
      const recorded = ctx.record({
        type: 'rights',
        role: m.role,
        canEdit: m.canEdit,
        by: peer.info.id,
      });
      if (!recorded.ok) {
        ctx.error(peer, recorded.code, recorded.message);
        return;
      }
      state.rights = { ...state.rights, [m.role]: m.canEdit };
      for (const p of ctx.connections()) p.info.canEdit = ctx.canEdit(p.info.role);
      ctx.broadcast({
        type: 'role.changed',
        role: m.role,
        canEdit: m.canEdit,
        rights: ctx.effectiveRights(),
        by: peer.info.id,
        peers: ctx.peerInfos(),
      });
      return;
    }
    case 'run.request':
      void runs.start(peer, peer.info.role === 'interviewer' ? (m.scope ?? 'all') : 'visible');
      return;
    case 'session.end': {
      const refused = ctx.end(peer);
      if (refused && !refused.ok) ctx.error(peer, refused.code, refused.message);
      return;
    }
    case 'run.cancel':
    case 'run.share': {
      const refused =
        m.type === 'run.cancel' ? runs.cancel(peer, m.runId) : runs.share(peer, m.runId);
      if (refused) ctx.error(peer, refused.code, refused.message);
      return;
    }
    case 'hint.give':
      giveHint(ctx, peer, m);
      return;
    case 'score.set':
      setScore(ctx, peer, m);
      return;
    case 'review.set':
      setReview(ctx, peer, m);
      return;
    case 'file.add':
    case 'file.rename':
    case 'file.delete':
      changeFiles(ctx, peer, m);
      return;
  }
}

function addChat(ctx: RoomContext, peer: PeerConnection, text: string, ref?: string): void {
  const { state } = ctx;
  const recorded = ctx.record({ type: 'chat', id: state.nextChat, from: peer.who, text });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message, ref);
    return;
  }
  const event = recorded.event;
  if (event.type !== 'chat') return;
  state.nextChat += 1;
  const entry: ChatEntry = { id: event.id, at: ctx.timeOf(event), from: event.from, text };
  state.chat.push(entry);
  if (state.chat.length > ctx.opts.limits.chatHistory) state.chat.shift();
  ctx.broadcast({ type: 'chat', ...entry });
}

function addNote(ctx: RoomContext, peer: PeerConnection, text: string, ref?: string): void {
  const { state } = ctx;
  const recorded = ctx.record({ type: 'note', id: state.nextNote, text, by: peer.info.id });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message, ref);
    return;
  }
  const event = recorded.event;
  if (event.type !== 'note') return;
  state.nextNote += 1;
  const note: NoteEntry = { id: event.id, at: ctx.timeOf(event), text };
  state.notes.push(note);
  for (const p of ctx.connections())
    if (p.info.role === 'interviewer') p.send({ type: 'note', ...note });
}

/** Messages only an interviewer may send. */
const INTERVIEWER_ONLY: ReadonlySet<ClientMessage['type']> = new Set([
  'role.set',
  'note',
  'session.end',
  'run.share',
  'hint.give',
  'score.set',
  'review.set',
]);
/**
 * What may still be done once the session ended: notes, scores and the review; cancelling a run
 * that is still going and sharing the last one.
 */
const AFTER_END: ReadonlySet<ClientMessage['type']> = new Set([
  'note',
  'score.set',
  'review.set',
  'run.cancel',
  'run.share',
]);

function refusal(
  ctx: RoomContext,
  runs: RunCoordinator,
  peer: PeerConnection,
  m: ClientMessage,
): { code: ErrorCode; message: string } | null {
  const role: Role = peer.info.role;
  if (INTERVIEWER_ONLY.has(m.type) && role !== 'interviewer') {
    return { code: 'forbidden', message: `Only the interviewer may send "${m.type}".` };
  }
  if (role === 'observer') {
    return { code: 'forbidden', message: `Observers may not send "${m.type}".` };
  }
  if (ctx.state.endedAt && !AFTER_END.has(m.type)) {
    return { code: 'session-ended', message: 'The session has ended; the room is read-only.' };
  }
  if (m.type.startsWith('file.') && !peer.info.canEdit) {
    return { code: 'read-only', message: 'You may not edit the code, so you cannot change files.' };
  }
  const running = runs.running;
  if (m.type === 'run.request' && running) {
    return {
      code: 'run-busy',
      message: `Run ${running.runId} is still going; wait for its result.`,
    };
  }
  return null;
}
