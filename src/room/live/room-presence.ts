import {
  type LeaveReason,
  PROTOCOL_VERSION,
  type PresenceMessage,
  type WelcomeMessage,
} from '../protocol/protocol.js';
import { toSessionInfo } from '../store/session-store.js';
import type { PeerConnection } from './peer-connection.js';
import { redactRun } from './redact-report.js';
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
    session: toSessionInfo({ ...ctx.session, endedAt: state.endedAt }),
    you: { ...peer.info },
    peers: ctx.peerInfos(),
    rights: ctx.effectiveRights(),
    chat: state.chat,
    notes: role === 'interviewer' ? state.notes : [],
    lastRun: lastRun && redactRun(lastRun, role),
    running: runs.running,
    limits: ctx.opts.limits,
    task: ctx.opts.task,
    // The guide is the interviewer's: never sent to candidates or observers.
    ...(role === 'interviewer' ? { guide: ctx.opts.guide } : {}),
    startedAt: state.activity.startedAt,
    ...(ctx.opts.runner.runsOff ? { runsOff: ctx.opts.runner.runsOff } : {}),
  };
}

/** `presence` after a join or a leave, with the peers and the clock's start after the change. */
export function presenceMessage(
  ctx: RoomContext,
  peer: PeerConnection,
  reason?: LeaveReason,
): PresenceMessage {
  return {
    type: 'presence',
    event: reason ? 'leave' : 'join',
    peer: { ...peer.info },
    ...(reason ? { reason } : {}),
    peers: ctx.peerInfos(),
    startedAt: ctx.state.activity.startedAt,
  };
}
