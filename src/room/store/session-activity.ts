import type { PeerInfo, Role, RunOutcome, RunScore } from '../protocol/protocol.js';
import type { RecordedEvent, RecordingHeader } from './recording-types.js';
import { eventTime } from './room-snapshot.js';

/**
 * What the session list shows about a session, kept in `session.json` as events happen so that
 * listing sessions never reads a recording (only sessions made before this field are read, once).
 */
export interface SessionActivity {
  /** Everyone who joined, once per role and name, in order of first join. */
  participants: { name: string; role: Role }[];
  /** ISO time of the first join of anyone, or null. */
  firstJoinAt: string | null;
  /** ISO time of the first candidate join: the interview clock starts here. */
  startedAt: string | null;
  /** ISO time of the last join, leave, run result or end. */
  lastSeenAt: string | null;
  lastScore: RunScore | null;
}

/** Activity of a session nobody joined yet. */
export function emptyActivity(): SessionActivity {
  return {
    participants: [],
    firstJoinAt: null,
    startedAt: null,
    lastSeenAt: null,
    lastScore: null,
  };
}

/** The activity after someone joined at `at`. */
export function noteJoin(
  a: SessionActivity,
  peer: Pick<PeerInfo, 'name' | 'role'>,
  at: string,
): SessionActivity {
  const known = a.participants.some((p) => p.name === peer.name && p.role === peer.role);
  return {
    ...a,
    participants: known
      ? a.participants
      : [...a.participants, { name: peer.name, role: peer.role }],
    firstJoinAt: a.firstJoinAt ?? at,
    startedAt: a.startedAt ?? (peer.role === 'candidate' ? at : null),
    lastSeenAt: at,
  };
}

/** The activity after a leave or the end at `at`. */
export function noteSeen(a: SessionActivity, at: string): SessionActivity {
  return { ...a, lastSeenAt: at };
}

/** The activity after a run finished; a run that could not grade keeps the previous score. */
export function noteRun(a: SessionActivity, run: RunOutcome): SessionActivity {
  const report = run.report;
  const lastScore = report
    ? {
        earned: report.total.earned,
        possible: report.total.possible,
        percent: report.total.percent,
        scope: run.scope,
      }
    : a.lastScore;
  return { ...a, lastScore, lastSeenAt: run.finishedAt };
}

/** Rebuilds the activity from a recording (sessions recorded before `session.json` kept it). */
export function activityFromEvents(
  header: RecordingHeader,
  events: RecordedEvent[],
): SessionActivity {
  let a = emptyActivity();
  for (const e of events) {
    const at = eventTime(header, e.t);
    if (e.type === 'join') a = noteJoin(a, e.peer, at);
    else if (e.type === 'run.result') a = noteRun(a, e.run);
    else if (e.type === 'snapshot' || e.type === 'outage') continue;
    else if (e.type !== 'code' || e.peer !== null) a = noteSeen(a, at);
    if (e.type === 'end') break;
  }
  return a.firstJoinAt ? a : { ...a, lastSeenAt: null };
}

/** Milliseconds from the first join to the last activity, or to `now` while someone is in. */
export function activityDuration(a: SessionActivity, live: boolean, now: number): number {
  if (!a.firstJoinAt) return 0;
  const end = live ? now : Date.parse(a.lastSeenAt ?? a.firstJoinAt);
  return Math.max(0, end - Date.parse(a.firstJoinAt));
}
