import type { SessionInfo } from '../room/protocol/protocol.js';
import { resolveDataDir } from '../room/store/data-dir.js';
import { readRecording } from '../room/store/recording.js';
import { snapshotOf } from '../room/store/room-snapshot.js';
import { SessionStore, toSessionInfo } from '../room/store/session-store.js';

/** One line of `kit sessions`. */
export interface SessionListing extends SessionInfo {
  status: 'open' | 'ended';
  /** Milliseconds from creation to the last recorded event. */
  durationMs: number;
  events: number;
  chatMessages: number;
  runs: number;
  /** Names of everyone who joined, in order of first join. */
  participants: string[];
}

/** Lists the sessions in the data directory, newest first. */
export function listSessions(options: { data?: string } = {}): SessionListing[] {
  const store = new SessionStore(resolveDataDir(options.data));
  return store.list().map((session) => {
    const { header, events } = readRecording(store.recordingPath(session.id));
    const snap = snapshotOf(header, events);
    snap.doc.destroy();
    const participants = [
      ...new Set(
        events.flatMap((e) => (e.type === 'join' ? [`${e.peer.name} (${e.peer.role})`] : [])),
      ),
    ];
    return {
      ...toSessionInfo(session),
      status: session.endedAt ? 'ended' : 'open',
      durationMs: events.at(-1)?.t ?? 0,
      events: events.length,
      chatMessages: snap.chat.length,
      runs: snap.runs.length,
      participants,
    };
  });
}
