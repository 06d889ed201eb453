import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readAttempt, writeAttempt } from '../attempt/attempt-file.js';
import { type ScaffoldResult, scaffoldAttempt } from '../attempt/scaffold.js';
import { KitError } from '../errors.js';
import { findLevel } from '../levels/level-registry.js';
import { renderInterviewScorecard } from '../report/render-interview.js';
import { readGuideOutline } from '../room/level-briefing.js';
import { fileNameProblem } from '../room/live/room-files.js';
import { readCodeFiles } from '../room/store/code-doc.js';
import { resolveDataDir } from '../room/store/data-dir.js';
import { readRecording } from '../room/store/recording.js';
import { snapshotOf } from '../room/store/room-snapshot.js';
import { SessionStore } from '../room/store/session-store.js';

/** Options of `kit export <id> --dir <path>`. */
export interface ExportOptions {
  id: string;
  dir: string;
  force?: boolean;
  data?: string;
}

/** What `kit export` wrote. */
export interface ExportResult extends ScaffoldResult {
  sessionId: string;
  /** The session's final code, file name → content: exactly the room's files. */
  sources: Record<string, string>;
  /** The Markdown scorecard of the interview (decision, tags, summary, scores, hints). */
  scorecardPath: string;
  /** Manual criteria scored and hints given in the room, now in `.kit/attempt.json`. */
  manualScored: number;
  hintsGiven: number;
}

/** Where `kit export` writes the interview's Markdown scorecard, inside the attempt. */
export const SCORECARD_FILE = join('.kit', 'interview-scorecard.md');

/**
 * Writes a session's final code as an attempt folder that `kit grade` accepts, with the room's
 * manual scores and hints in its record (so `kit grade` scores and counts them as if given with
 * `kit grade --score` and `kit hint`), and the interview's scorecard in `.kit/`.
 */
export async function exportSession(options: ExportOptions): Promise<ExportResult> {
  const store = new SessionStore(resolveDataDir(options.data));
  const session = store.get(options.id);
  const { header, events } = readRecording(store.recordingPath(session.id));
  const snap = snapshotOf(header, events);
  // The room checked every name it took; a recording edited by hand is checked again here, since
  // the names become paths inside the attempt.
  const bad = snap.files.find((n) => !header.session.files.includes(n) && fileNameProblem(n));
  if (bad !== undefined) {
    snap.doc.destroy();
    throw new KitError(
      'KIT_RECORDING_BROKEN',
      `Session "${session.id}" lists a file the room would refuse: ${fileNameProblem(bad)} Nothing was exported.`,
    );
  }
  const sources = readCodeFiles(snap.doc, snap.files);
  snap.doc.destroy();
  const result = await scaffoldAttempt({
    levelId: session.level,
    dir: options.dir,
    force: options.force,
    sources,
  });
  const attempt = await readAttempt(result.dir);
  attempt.manual = { ...attempt.manual, ...snap.scores };
  attempt.hints = [
    ...attempt.hints,
    ...snap.hints.map((h) => ({ milestone: h.milestone, tier: h.tier, at: h.at })),
  ];
  await writeAttempt(result.dir, attempt);
  const participants = [
    ...new Set(
      events.flatMap((e) => (e.type === 'join' ? [`${e.peer.name} (${e.peer.role})`] : [])),
    ),
  ];
  const scorecardPath = join(result.dir, SCORECARD_FILE);
  const scorecard = renderInterviewScorecard({
    sessionId: session.id,
    title: session.title,
    level: { id: session.level, title: findLevel(session.level).title },
    createdAt: session.createdAt,
    endedAt: snap.endedAt,
    participants,
    snapshot: snap,
    manual: readGuideOutline(session.level).manual ?? [],
  });
  await writeFile(scorecardPath, scorecard);
  return {
    ...result,
    sessionId: session.id,
    sources,
    scorecardPath,
    manualScored: Object.keys(snap.scores).length,
    hintsGiven: snap.hints.length,
  };
}
