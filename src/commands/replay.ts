import type { SessionInfo } from '../room/protocol/protocol.js';
import { resolveDataDir } from '../room/store/data-dir.js';
import { readRecording } from '../room/store/recording.js';
import { renderFinal, renderScreen } from '../room/store/replay-render.js';
import { applyEvent, createSnapshot, snapshotOf } from '../room/store/room-snapshot.js';
import { SessionStore, toSessionInfo } from '../room/store/session-store.js';

/** Options of `kit replay <id>`. */
export interface ReplayOptions {
  id: string;
  data?: string;
  /** Playback speed factor; 2 plays twice as fast. */
  speed?: number;
  /** Longest pause shown between two events, in recorded milliseconds (skips idle time). */
  idleLimitMs?: number;
  /** Rows of code on each screen. */
  rows?: number;
}

/** One screen of a replay, shown `waitMs` after the previous one. */
export interface ReplayFrame {
  waitMs: number;
  /** Recorded offset of the event this screen shows. */
  t: number;
  screen: string;
}

/** A replay: the final state as text, and the screens to play one after the other. */
export interface Replay {
  session: SessionInfo;
  /** The whole final state (the non-interactive mode prints this). */
  final: string;
  /** Screens, computed lazily as they are played. */
  frames(): Iterable<ReplayFrame>;
}

/** Loads a session's recording for playback. Never prints: bin/kit.ts paces and draws the frames. */
export function replaySession(options: ReplayOptions): Replay {
  const store = new SessionStore(resolveDataDir(options.data));
  const session = store.get(options.id);
  const { header, events } = readRecording(store.recordingPath(session.id));
  const speed = options.speed ?? 1;
  const idleLimitMs = options.idleLimitMs ?? 2000;
  const finalSnap = snapshotOf(header, events);
  const final = renderFinal(finalSnap);
  finalSnap.doc.destroy();
  return {
    session: toSessionInfo(session),
    final,
    *frames() {
      const snap = createSnapshot(header);
      let file = header.session.files[0] ?? '';
      let line = 0;
      let previousT = 0;
      for (const event of events) {
        const before = event.type === 'code' ? texts(snap.doc, snap.files) : null;
        applyEvent(snap, event);
        if (before) {
          // Follow the edit: show the file that changed, around the first line that differs.
          const after = texts(snap.doc, snap.files);
          const changed = snap.files.find((f) => before[f] !== after[f]);
          if (changed) {
            file = changed;
            line = firstDifferentLine(before[changed] ?? '', after[changed] ?? '');
          }
        }
        const waitMs = Math.min(event.t - previousT, idleLimitMs) / speed;
        previousT = event.t;
        yield {
          waitMs,
          t: event.t,
          screen: renderScreen(snap, { file, line, rows: options.rows }),
        };
      }
      snap.doc.destroy();
    },
  };
}

function texts(doc: import('yjs').Doc, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, doc.getText(f).toString()]));
}

function firstDifferentLine(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return b.slice(0, i).split('\n').length - 1;
}
