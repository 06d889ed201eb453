import type {
  HintGiveRequest,
  ReviewSetRequest,
  ScoreSetRequest,
} from '../protocol/people-protocol.js';
import type { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';

/**
 * The interviewer's tools in the room: guide hints (everyone sees them), manual scores and the
 * review (tags, decision, summary), which only interviewer connections ever receive. Each is
 * recorded before it takes effect; requests were shape-checked by parse-client-message.ts.
 */

/** Gives the guide's hint at `m.index` to everyone, once. */
export function giveHint(ctx: RoomContext, peer: PeerConnection, m: HintGiveRequest): void {
  const hints = ctx.opts.guide.hints ?? [];
  const hint = hints[m.index];
  if (!hint) {
    const range = hints.length ? `0 to ${hints.length - 1}` : 'none: this level has no guide hints';
    ctx.error(peer, 'bad-message', `There is no hint ${m.index}; hints are ${range}.`);
    return;
  }
  const given = ctx.state.hints.find((h) => h.milestone === hint.milestone && h.tier === hint.tier);
  if (given) {
    ctx.error(peer, 'bad-message', `Hint ${hint.milestone}.${hint.tier} was already given.`);
    return;
  }
  const id = ctx.state.hints.length + 1;
  const entry = { ...hint, id, by: { id: peer.info.id, name: peer.info.name } };
  const recorded = ctx.record({ type: 'hint', hint: entry });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message);
    return;
  }
  const full = { ...entry, at: ctx.timeOf(recorded.event) };
  ctx.state.hints.push(full);
  ctx.broadcast({ type: 'hint', ...full });
}

/** Scores (or clears) a manual criterion of the guide's rubric; interviewers get the new scores. */
export function setScore(ctx: RoomContext, peer: PeerConnection, m: ScoreSetRequest): void {
  const manual = ctx.opts.guide.manual ?? [];
  const criterion = manual.find((c) => c.id === m.criterion);
  if (!criterion) {
    const ids = manual.map((c) => c.id).join(', ') || 'none';
    ctx.error(
      peer,
      'bad-message',
      `"${m.criterion.slice(0, 20)}" is not a manual criterion; they are: ${ids}.`,
    );
    return;
  }
  if (m.points !== null && (m.points < 0 || m.points > criterion.points)) {
    ctx.error(
      peer,
      'bad-message',
      `${criterion.id} takes a number from 0 to ${criterion.points}, got ${m.points}.`,
    );
    return;
  }
  const score =
    m.points === null ? null : m.note ? { points: m.points, note: m.note } : { points: m.points };
  const recorded = ctx.record({ type: 'score', criterion: criterion.id, score, by: peer.info.id });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message);
    return;
  }
  const { [criterion.id]: _old, ...rest } = ctx.state.scores;
  ctx.state.scores = score ? { ...rest, [criterion.id]: score } : rest;
  toInterviewers(ctx, { type: 'scores', scores: ctx.state.scores });
}

/** Replaces the review; kept in the recording and in `session.json` for the session list. */
export function setReview(ctx: RoomContext, peer: PeerConnection, m: ReviewSetRequest): void {
  const recorded = ctx.record({ type: 'review', review: m.review, by: peer.info.id });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message);
    return;
  }
  ctx.state.review = m.review;
  ctx.saveReview(m.review);
  toInterviewers(ctx, { type: 'review', review: m.review });
}

function toInterviewers(ctx: RoomContext, message: Parameters<PeerConnection['send']>[0]): void {
  for (const p of ctx.connections()) if (p.info.role === 'interviewer') p.send(message);
}
