import { emptyReview, type SessionReview } from '../room/protocol/people-protocol.js';
import type { SessionInfo } from '../room/protocol/protocol.js';
import { resolveDataDir } from '../room/store/data-dir.js';
import { readRecording } from '../room/store/recording.js';
import { snapshotOf } from '../room/store/room-snapshot.js';
import { parseDecision, type ReviewFilter, reviewMatches } from '../room/store/session-review.js';
import { SessionStore, toSessionInfo } from '../room/store/session-store.js';

/** One line of `kit sessions`. */
export interface SessionListing extends SessionInfo {
  status: 'open' | 'ended';
  /** Milliseconds from creation to the last recorded event. */
  durationMs: number;
  events: number;
  chatMessages: number;
  runs: number;
  /** Hints given in the room. */
  hints: number;
  /** Names of everyone who joined, in order of first join. */
  participants: string[];
  /** The interviewer's tags, decision and summary. */
  review: SessionReview;
}

/** Lists the sessions in the data directory, newest first; `tag` and `decision` filter them. */
export function listSessions(options: { data?: string } & ReviewFilter = {}): SessionListing[] {
  // A wrong decision is refused even when there are no sessions to filter.
  if (options.decision !== undefined) parseDecision(options.decision);
  const store = new SessionStore(resolveDataDir(options.data));
  const listed = store.list().map((session): SessionListing => {
    const { header, events } = readRecording(store.recordingPath(session.id));
    const snap = snapshotOf(header, events);
    snap.doc.destroy();
    const participants = [
      ...new Set(
        events.flatMap((e) => (e.type === 'join' ? [`${e.peer.name} (${e.peer.role})`] : [])),
      ),
    ];
    return {
      ...toSessionInfo({ ...session, files: snap.files }),
      status: session.endedAt ? 'ended' : 'open',
      durationMs: events.at(-1)?.t ?? 0,
      events: events.length,
      chatMessages: snap.chat.length,
      runs: snap.runs.length,
      hints: snap.hints.length,
      participants,
      review: snap.review ?? session.review ?? emptyReview(),
    };
  });
  return listed.filter((s) => reviewMatches(s.review, options));
}
