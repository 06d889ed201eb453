import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { KitError } from '../../errors.js';
import type { LevelId } from '../../grading/types.js';
import { findLevel } from '../../levels/level-registry.js';
import type { SessionReview } from '../protocol/people-protocol.js';
import type { Role, SessionInfo } from '../protocol/protocol.js';
import { createCodeDoc, encodeUpdate } from './code-doc.js';
import { createRecording, RecordingWriter, readRecording } from './recording.js';
import { activityFromEvents, type SessionActivity } from './session-activity.js';
import { NODE_IO, type StorageIo } from './storage-io.js';
import { createToken, hashToken } from './tokens.js';

/** A session as kept in `session.json`: the tokens themselves are never stored, only hashes. */
export interface StoredSession {
  id: string;
  level: LevelId;
  title: string;
  createdAt: string;
  endedAt: string | null;
  files: string[];
  /** SHA-256 (hex) of each role's token; see hashToken. */
  tokenHashes: Record<Role, string>;
  /** Hashes of the last rotated-away tokens: a page holding one is told its link was replaced. */
  revokedHashes?: string[];
  /** Who joined, when, and the last score; absent in sessions made before the kit kept it. */
  activity?: SessionActivity;
  /** The interviewer's tags, decision and summary (a copy of the recording's last `review`). */
  review?: SessionReview;
}

/** A session just made: the plain tokens exist here, in memory, once; they are never saved. */
export interface CreatedSession extends StoredSession {
  tokens: Record<Role, string>;
}

/** Rotated-away token hashes kept per session, to answer an old link with `revoked`. */
const MAX_REVOKED = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Sessions on disk: `<data>/sessions/<id>/{session.json,recording.ndjson}`. */
export class SessionStore {
  readonly dataDir: string;
  readonly #now: () => number;
  readonly #io: StorageIo;

  constructor(dataDir: string, now: () => number = Date.now, io: StorageIo = NODE_IO) {
    this.dataDir = dataDir;
    this.#now = now;
    this.#io = io;
  }

  /** Creates a session: metadata, tokens, and a recording whose first event is the starter code. */
  create(input: { level: LevelId; title?: string; files: Record<string, string> }): CreatedSession {
    const id = randomUUID();
    const tokens = {
      interviewer: createToken(),
      candidate: createToken(),
      observer: createToken(),
    };
    const createdAt = new Date(this.#now()).toISOString();
    const session: StoredSession = {
      id,
      level: input.level,
      title: input.title?.trim().slice(0, 120) || findLevel(input.level).title,
      createdAt,
      endedAt: null,
      files: Object.keys(input.files),
      tokenHashes: hashTokens(tokens),
    };
    mkdirSync(this.#dir(id), { recursive: true, mode: 0o700 });
    this.#save(session);
    const header = {
      id,
      level: session.level,
      title: session.title,
      createdAt,
      files: session.files,
    };
    createRecording(this.recordingPath(id), header, this.#io);
    const doc = createCodeDoc(input.files);
    const writer = new RecordingWriter(this.recordingPath(id), createdAt, this.#now, this.#io);
    try {
      writer.append({ type: 'code', peer: null, update: encodeUpdate(Y.encodeStateAsUpdate(doc)) });
    } finally {
      writer.close();
      doc.destroy();
    }
    return { ...session, tokens };
  }

  /** The session with this id, or undefined (also for ids that are not UUIDs). */
  find(id: string): StoredSession | undefined {
    if (!UUID.test(id)) return undefined;
    const path = join(this.#dir(id), 'session.json');
    if (!existsSync(path)) return undefined;
    return withoutPlainTokens(JSON.parse(readFileSync(path, 'utf8')) as LegacySession);
  }

  /**
   * Gives a role a new token and returns it; from now on the old one opens nothing. The caller
   * closes the connections that joined with the old one.
   */
  rotateToken(id: string, role: Role): string {
    const session = this.get(id);
    const token = createToken();
    const revokedHashes = [...(session.revokedHashes ?? []), session.tokenHashes[role]];
    this.#save({
      ...session,
      tokenHashes: { ...session.tokenHashes, [role]: hashToken(token) },
      revokedHashes: revokedHashes.slice(-MAX_REVOKED),
    });
    return token;
  }

  /**
   * Rewrites every `session.json` that still holds plain tokens (kits before hashing) with their
   * hashes, each by write-then-rename; returns how many it rewrote. `kit serve` runs it at start.
   * A file that does not parse is left for `find` to report, as before.
   */
  migrateTokens(): number {
    const root = join(this.dataDir, 'sessions');
    if (!existsSync(root)) return 0;
    let migrated = 0;
    for (const id of readdirSync(root).filter((name) => UUID.test(name))) {
      const path = join(this.#dir(id), 'session.json');
      // An older kit that crashed between write and rename left plain tokens in the temporary file.
      if (holdsPlainTokens(`${path}.tmp`)) rmSync(`${path}.tmp`, { force: true });
      if (!holdsPlainTokens(path)) continue;
      let raw: LegacySession;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8')) as LegacySession;
      } catch {
        continue;
      }
      if (raw.tokens === undefined) continue;
      try {
        this.#save(withoutPlainTokens(raw));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new KitError(
          'KIT_DATA_DIR_UNWRITABLE',
          `Cannot rewrite "${path}" with hashed tokens (${code}). Free space or fix its permissions, then run \`kit serve\` again.`,
        );
      }
      migrated += 1;
    }
    return migrated;
  }

  /** The session with this id, or KIT_SESSION_NOT_FOUND. */
  get(id: string): StoredSession {
    const session = this.find(id);
    if (!session) {
      throw new KitError(
        'KIT_SESSION_NOT_FOUND',
        `Session "${id}" not found. Run \`kit sessions\`.`,
      );
    }
    return session;
  }

  /** Every session, newest first. */
  list(): StoredSession[] {
    const root = join(this.dataDir, 'sessions');
    if (!existsSync(root)) return [];
    const sessions = readdirSync(root)
      .map((id) => this.find(id))
      .filter((s): s is StoredSession => s !== undefined);
    return sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Marks a session ended (idempotent) and returns it. */
  markEnded(id: string, at: string): StoredSession {
    const session = this.get(id);
    if (session.endedAt) return session;
    const ended = { ...session, endedAt: at };
    this.#save(ended);
    return ended;
  }

  /** Saves a session's activity (the room calls it on join, leave, run result and end). */
  saveActivity(id: string, activity: SessionActivity): void {
    this.#save({ ...this.get(id), activity });
  }

  /** Saves the interviewer's review (the room calls it on each change). */
  saveReview(id: string, review: SessionReview): void {
    this.#save({ ...this.get(id), review });
  }

  /** Saves the room's file list after a file was added, renamed or deleted. */
  saveFiles(id: string, files: string[]): void {
    this.#save({ ...this.get(id), files });
  }

  /** A session's activity; for an older session, rebuilt from its recording once and saved. */
  activityOf(session: StoredSession): SessionActivity {
    if (session.activity) return session.activity;
    const { header, events } = readRecording(this.recordingPath(session.id));
    const activity = activityFromEvents(header, events);
    this.saveActivity(session.id, activity);
    return activity;
  }

  /** Path of a session's recording. */
  recordingPath(id: string): string {
    return join(this.#dir(id), 'recording.ndjson');
  }

  #dir(id: string): string {
    return join(this.dataDir, 'sessions', id);
  }

  #save(session: StoredSession): void {
    // Write then rename, so a crash never leaves a half-written session.json.
    const path = join(this.#dir(session.id), 'session.json');
    // Only the fields of a StoredSession: a CreatedSession's plain tokens must never reach disk.
    const { tokens: _plain, ...stored } = session as CreatedSession;
    this.#io.writeFileSync(`${path}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
}

// Read as text, so a truncated file with plain tokens in it is found too.
function holdsPlainTokens(path: string): boolean {
  return existsSync(path) && /"tokens"\s*:/.test(readFileSync(path, 'utf8'));
}

/** `session.json` as kits before hashing wrote it: plain `tokens`, no `tokenHashes`. */
type LegacySession = Omit<StoredSession, 'tokenHashes'> & {
  tokenHashes?: Record<Role, string>;
  tokens?: Record<Role, string>;
};

// A role without a usable token gets an empty hash, which no token matches.
function hashTokens(tokens: Partial<Record<Role, unknown>>): Record<Role, string> {
  const hash = (t: unknown) => (typeof t === 'string' && t.length > 0 ? hashToken(t) : '');
  return {
    interviewer: hash(tokens.interviewer),
    candidate: hash(tokens.candidate),
    observer: hash(tokens.observer),
  };
}

// An old file read before `kit serve` migrated it is hashed in memory, so no plain token leaves.
function withoutPlainTokens(raw: LegacySession): StoredSession {
  const { tokens, tokenHashes, ...rest } = raw;
  return { ...rest, tokenHashes: tokenHashes ?? hashTokens(tokens ?? {}) };
}

/** The public view of a stored session (no tokens). */
export function toSessionInfo(session: StoredSession): SessionInfo {
  const level = findLevel(session.level);
  return {
    id: session.id,
    level: {
      id: level.id,
      slug: level.slug,
      title: level.title,
      minutes: level.minutes,
      summary: level.summary,
    },
    title: session.title,
    createdAt: session.createdAt,
    endedAt: session.endedAt,
    files: session.files,
  };
}
