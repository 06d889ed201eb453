import { type ScaffoldResult, scaffoldAttempt } from '../attempt/scaffold.js';
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
  /** The session's final code, file name → content. */
  sources: Record<string, string>;
}

/** Writes a session's final code as an attempt folder that `kit grade` accepts. */
export async function exportSession(options: ExportOptions): Promise<ExportResult> {
  const store = new SessionStore(resolveDataDir(options.data));
  const session = store.get(options.id);
  const { header, events } = readRecording(store.recordingPath(session.id));
  const snap = snapshotOf(header, events);
  const sources = readCodeFiles(snap.doc, header.session.files);
  snap.doc.destroy();
  const result = await scaffoldAttempt({
    levelId: session.level,
    dir: options.dir,
    force: options.force,
    sources,
  });
  return { ...result, sessionId: session.id, sources };
}
