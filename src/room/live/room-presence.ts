import {
  type LeaveReason,
  type PeerInfo,
  PROTOCOL_VERSION,
  type PresenceMessage,
  type WelcomeMessage,
} from '../protocol/protocol.js';
import { toSessionInfo } from '../store/session-store.js';
import type { PeerConnection } from './peer-connection.js';
import { viewRun } from './redact-report.js';
import type { RoomContext } from './room-context.js';
import type { RunCoordinator } from './room-runs.js';

/** The first message of a connection: the room as this peer's role may see it. */
export function welcomeMessage(
  ctx: RoomContext,
  runs: RunCoordinator,
  peer: PeerConnection,
): WelcomeMessage {
  const { state } = ctx;
  const role = peer.info.role;
  const lastRun = runs.lastRun;
  return {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    session: toSessionInfo({ ...ctx.session, endedAt: state.endedAt, files: state.files }),
    you: { ...peer.info },
    peers: ctx.peerInfos(),
    rights: ctx.effectiveRights(),
    chat: state.chat,
    notes: role === 'interviewer' ? state.notes : [],
    lastRun: lastRun && viewRun(lastRun, role),
    running: runs.runningFor(role),
    limits: ctx.opts.limits,
    task: ctx.opts.task,
    // The guide is the interviewer's: never sent to candidates or observers.
    ...(role === 'interviewer' ? { guide: ctx.opts.guide } : {}),
    startedAt: state.activity.startedAt,
    ...(ctx.opts.runner.runsOff ? { runsOff: ctx.opts.runner.runsOff } : {}),
    hints: state.hints,
    away: ctx.away(),
    // Manual scores and the review are the interviewer's: observers do not get them either.
    ...(role === 'interviewer' ? { scores: state.scores, review: state.review } : {}),
  };
}

/**
 * `presence` after a join, a leave (`reason`) or the end of a dropped peer's grace (`gone`), with
 * the peers, who is reconnecting, and the clock's start after the change.
 */
export function presenceMessage(
  ctx: RoomContext,
  peer: PeerInfo,
  reason?: LeaveReason | 'gone',
): PresenceMessage {
  const event = reason === 'gone' ? 'gone' : reason ? 'leave' : 'join';
  return {
    type: 'presence',
    event,
    peer: { ...peer },
    ...(reason && reason !== 'gone' ? { reason } : {}),
    peers: ctx.peerInfos(),
    startedAt: ctx.state.activity.startedAt,
    away: ctx.away(),
  };
}
