import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/commands/export.js';
import { replaySession } from '../../src/commands/replay.js';
import { listSessions } from '../../src/commands/sessions.js';
import { SessionStore } from '../../src/room/store/session-store.js';
import { NODE_IO, type StorageIo } from '../../src/room/store/storage-io.js';
import {
  createToken,
  hashToken,
  roleOfToken,
  tokenMatchesHash,
  tokensMatch,
} from '../../src/room/store/tokens.js';
import { api, startTestServer, TestClient } from './helpers.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'legacy-data');
const ENDED = '0f9987ba-91ce-4f96-a76d-50569111d116';
const OPEN = '462c49f2-457f-4565-9194-af8fd16d750c';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The plain tokens the fixture's session.json files hold, read from the fixture itself. */
function legacyTokens(id: string): Record<'interviewer' | 'candidate' | 'observer', string> {
  const raw = JSON.parse(readFileSync(join(FIXTURE, 'sessions', id, 'session.json'), 'utf8'));
  return raw.tokens;
}

const dirs: string[] = [];
let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await ctx?.stop();
  ctx = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the fixture data dir (plain tokens, as kits before hashing wrote it). */
function legacyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kit-legacy-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function sessionJson(dataDir: string, id: string): string {
  return readFileSync(join(dataDir, 'sessions', id, 'session.json'), 'utf8');
}

describe('token hashing', () => {
  it('stores the SHA-256 of a token and matches only that token', () => {
    const token = createToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hash = hashToken(token);
    expect(hash).toBe(sha256(token));
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token.slice(1), hash)).toBe(false);
    expect(tokenMatchesHash(hash, hash)).toBe(false);
  });

  it('matches nothing against an empty, missing or malformed hash', () => {
    expect(tokenMatchesHash('', hashToken(''))).toBe(false);
    expect(tokenMatchesHash(null, hashToken('x'))).toBe(false);
    expect(tokenMatchesHash(undefined, hashToken('x'))).toBe(false);
    expect(tokenMatchesHash('x', '')).toBe(false);
    expect(tokenMatchesHash('x', hashToken('x').toUpperCase())).toBe(false);
    expect(tokenMatchesHash('x', hashToken('x').slice(2))).toBe(false);
  });

  it('gives each token its role and a wrong one none', () => {
    const hashes = { interviewer: hashToken('i'), candidate: hashToken('c'), observer: '' };
    expect(roleOfToken(hashes, 'i')).toBe('interviewer');
    expect(roleOfToken(hashes, 'c')).toBe('candidate');
    expect(roleOfToken(hashes, '')).toBeUndefined();
    expect(roleOfToken(hashes, hashes.candidate)).toBeUndefined();
  });

  it('compares the server token only with itself', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch(undefined, '')).toBe(false);
  });
});

describe('session.json', () => {
  it('holds a hash of each token, never the token, and only the create answer has them', async () => {
    ctx = await startTestServer();
    const { session, dataDir } = ctx;
    const text = sessionJson(dataDir, session.id);
    const stored = JSON.parse(text);
    expect(stored.tokens).toBeUndefined();
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      expect(text).not.toContain(session.tokens[role]);
      expect(stored.tokenHashes[role]).toBe(sha256(session.tokens[role]));
    }
    expect(statSync(join(dataDir, 'sessions', session.id, 'session.json')).mode & 0o777).toBe(
      0o600,
    );
    expect(new SessionStore(dataDir).get(session.id)).not.toHaveProperty('tokens');
  });

  it('keeps hashes when the session is saved again (activity, end)', async () => {
    ctx = await startTestServer();
    const candidate = await ctx.connect('candidate', 'Ada');
    await candidate.close();
    ctx.server.endSession(ctx.session.id);
    const text = sessionJson(ctx.dataDir, ctx.session.id);
    expect(JSON.parse(text)).toMatchObject({ endedAt: expect.any(String), activity: {} });
    for (const token of Object.values(ctx.session.tokens)) expect(text).not.toContain(token);
  });
});

describe('migrating a data dir from before hashing', () => {
  it('rewrites every plain token as its hash at start, and the old links still work', async () => {
    const dataDir = legacyDataDir();
    const before = { ended: legacyTokens(ENDED), open: legacyTokens(OPEN) };
    ctx = await startTestServer({ dataDir });
    expect(ctx.server.migratedSessions).toBe(2);
    for (const [id, tokens] of [
      [ENDED, before.ended],
      [OPEN, before.open],
    ] as const) {
      const text = sessionJson(dataDir, id);
      const stored = JSON.parse(text);
      expect(stored.tokens).toBeUndefined();
      for (const role of ['interviewer', 'candidate', 'observer'] as const) {
        expect(text).not.toContain(tokens[role]);
        expect(stored.tokenHashes[role]).toBe(sha256(tokens[role]));
      }
      // Nothing else changed, and no half-written file is left behind.
      expect(stored).toMatchObject({ id, files: ['server.ts', 'room.ts'] });
      expect(readdirSync(join(dataDir, 'sessions', id)).sort()).toEqual([
        'recording.ndjson',
        'session.json',
      ]);
    }
    expect(JSON.parse(sessionJson(dataDir, ENDED)).activity.participants).toHaveLength(2);
    const candidate = await TestClient.connect(ctx.server.origin, OPEN, before.open.candidate);
    expect(candidate.all('welcome')[0]?.you.role).toBe('candidate');
    const old = await TestClient.connect(ctx.server.origin, ENDED, before.ended.observer);
    expect(old.text('room.ts')).toBe('// legacy\nexport class Room {}\n');
    await candidate.close();
    await old.close();
  });

  it('migrates once: a second start rewrites nothing', async () => {
    const dataDir = legacyDataDir();
    ctx = await startTestServer({ dataDir });
    await ctx.server.close();
    const after = sessionJson(dataDir, OPEN);
    ctx = await startTestServer({ dataDir });
    expect(ctx.server.migratedSessions).toBe(0);
    expect(sessionJson(dataDir, OPEN)).toBe(after);
  });

  it('removes a temporary file an older kit left with plain tokens, and keeps a new one', async () => {
    const dataDir = legacyDataDir();
    const openPath = join(dataDir, 'sessions', OPEN, 'session.json');
    const endedPath = join(dataDir, 'sessions', ENDED, 'session.json');
    // A crash between write and rename; the second file is cut short mid-token.
    writeFileSync(`${openPath}.tmp`, readFileSync(openPath, 'utf8'));
    writeFileSync(`${endedPath}.tmp`, readFileSync(endedPath, 'utf8').slice(0, 300));
    ctx = await startTestServer({ dataDir });
    expect(existsSync(`${openPath}.tmp`)).toBe(false);
    expect(existsSync(`${endedPath}.tmp`)).toBe(false);
    const current = join(ctx.dataDir, 'sessions', ctx.session.id, 'session.json');
    writeFileSync(`${current}.tmp`, readFileSync(current, 'utf8'));
    await ctx.server.close();
    ctx = await startTestServer({ dataDir });
    expect(existsSync(`${current}.tmp`)).toBe(true);
  });

  it('starts past a session.json that does not parse, and migrates the others', async () => {
    const dataDir = legacyDataDir();
    const broken = join(dataDir, 'sessions', ENDED, 'session.json');
    writeFileSync(broken, '{"id": "tokens": ');
    ctx = await startTestServer({ dataDir });
    expect(ctx.server.migratedSessions).toBe(1);
    expect(readFileSync(broken, 'utf8')).toBe('{"id": "tokens": ');
  });

  it('refuses to start, naming the file, when it cannot rewrite one', async () => {
    const dataDir = legacyDataDir();
    const full: StorageIo = {
      ...NODE_IO,
      writeFileSync: () => {
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    const started = startTestServer({ dataDir, io: full });
    await expect(started).rejects.toMatchObject({
      code: 'KIT_DATA_DIR_UNWRITABLE',
      message: expect.stringMatching(
        /Cannot rewrite ".*session\.json" with hashed tokens \(ENOSPC\)/,
      ),
    });
    // Nothing was half-done: the files still hold what they held.
    expect(JSON.parse(sessionJson(dataDir, OPEN)).tokens).toEqual(legacyTokens(OPEN));
  });

  it('never shows a plain token from an unmigrated dir: sessions, replay, export, API', async () => {
    const dataDir = legacyDataDir();
    const secrets = [...Object.values(legacyTokens(ENDED)), ...Object.values(legacyTokens(OPEN))];
    const store = new SessionStore(dataDir);
    const seen = [
      JSON.stringify(store.list()),
      JSON.stringify(store.get(OPEN)),
      JSON.stringify(listSessions({ data: dataDir })),
      replaySession({ id: ENDED, data: dataDir }).final,
    ];
    const out = mkdtempSync(join(tmpdir(), 'kit-legacy-export-'));
    dirs.push(out);
    await exportSession({ id: ENDED, data: dataDir, dir: out, force: true });
    seen.push(...readdirRecursive(out).map((f) => readFileSync(f, 'utf8')));
    // Reading is not migrating: the files are rewritten by `kit serve` only.
    expect(JSON.parse(sessionJson(dataDir, OPEN)).tokens).toBeDefined();
    ctx = await startTestServer({ dataDir });
    for (const path of ['/api/sessions', `/api/sessions/${OPEN}`, `/api/sessions/${ENDED}`]) {
      seen.push(JSON.stringify((await api(ctx.server, 'GET', path)).body));
    }
    for (const text of seen) for (const secret of secrets) expect(text).not.toContain(secret);
    expect(seen.join('\n')).toContain(OPEN);
  });
});

function readdirRecursive(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
