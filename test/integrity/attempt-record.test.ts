import { lstat, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptFilePath,
  checkRecord,
  readAttempt,
  trustedAttemptFacts,
  writeAttempt,
} from '../../src/attempt/attempt-file.js';
import { kitConfigDir } from '../../src/attempt/config-dir.js';
import { saveManualScore } from '../../src/attempt/manual-scores.js';
import { linkKitPackages, scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { kitRoot } from '../../src/paths.js';
import { tempDir } from '../support/run-kit.js';

// The attempt record: signed with a per-user key in the kit's config folder, mirrored on the
// interviewer's side, and an attempt's node_modules that shows nothing of the kit.

const made: string[] = [];
const previousConfig = process.env.XDG_CONFIG_HOME;
beforeAll(async () => {
  const config = await tempDir('config');
  made.push(config);
  process.env.XDG_CONFIG_HOME = config;
});
afterAll(async () => {
  if (previousConfig === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = previousConfig;
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

async function fresh(): Promise<string> {
  const dir = await tempDir('record');
  made.push(dir);
  await scaffoldAttempt({ levelId: 'level2', dir });
  return dir;
}

async function editRecord(dir: string, change: (record: Record<string, unknown>) => void) {
  const record = JSON.parse(await readFile(attemptFilePath(dir), 'utf8')) as Record<
    string,
    unknown
  >;
  change(record);
  await writeFile(attemptFilePath(dir), JSON.stringify(record, null, 2));
}

describe('the signed attempt record', () => {
  it('is signed on first use with a key only its owner can read', async () => {
    const dir = await fresh();
    const record = await readAttempt(dir);
    expect(record.signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(await checkRecord(record)).toBe('signed');
    const key = await stat(join(kitConfigDir(), 'attempt-key'));
    expect(key.mode & 0o777).toBe(0o600);
  });

  it('reports a record edited outside the kit, and keeps manual scores and hints from the kit’s copy', async () => {
    const dir = await fresh();
    await saveManualScore(dir, 'R8', { points: 1, note: 'vague on trade-offs' });
    const withHint = await readAttempt(dir);
    withHint.hints.push({ milestone: 1, tier: 1, at: '2026-01-01T00:00:00.000Z' });
    await writeAttempt(dir, withHint);
    await editRecord(dir, (r) => {
      r.hints = [];
      r.manual = { R8: { points: 5, note: 'brilliant' } };
    });
    const edited = await readAttempt(dir);
    expect(await checkRecord(edited)).toBe('edited');
    expect(await trustedAttemptFacts(edited)).toEqual({
      manual: { R8: { points: 1, note: 'vague on trade-offs' } },
      hintsUsed: 1,
    });
  });

  it('keeps the edit on record when the kit writes the record again', async () => {
    const dir = await fresh();
    await editRecord(dir, (r) => {
      r.manual = { R8: { points: 5 } };
    });
    const record = await readAttempt(dir);
    await writeAttempt(dir, record);
    const rewritten = await readAttempt(dir);
    expect(rewritten.outsideEdits?.map((e) => e.state)).toEqual(['edited']);
    expect(await checkRecord(rewritten)).toBe('edited');
  });

  it('reports an older signed copy put back in place of the current one', async () => {
    const dir = await fresh();
    const old = await readFile(attemptFilePath(dir), 'utf8');
    const record = await readAttempt(dir);
    record.hints.push({ milestone: 1, tier: 1, at: '2026-01-01T00:00:00.000Z' });
    await writeAttempt(dir, record);
    await writeFile(attemptFilePath(dir), old);
    const restored = await readAttempt(dir);
    expect(await checkRecord(restored)).toBe('replaced');
    expect((await trustedAttemptFacts(restored)).hintsUsed).toBe(1);
  });

  it('calls a record with its signature removed unsigned only when the kit never signed it', async () => {
    const dir = await fresh();
    await editRecord(dir, (r) => {
      delete r.signature;
    });
    expect(await checkRecord(await readAttempt(dir))).toBe('edited');
    await editRecord(dir, (r) => {
      delete r.id;
      delete r.signedBy;
    });
    expect(await checkRecord(await readAttempt(dir))).toBe('unsigned');
  });

  it('says a record signed by another user’s kit cannot be checked', async () => {
    const dir = await fresh();
    await editRecord(dir, (r) => {
      r.signedBy = '0123456789abcdef';
      r.id = 'someone-elses';
    });
    expect(await checkRecord(await readAttempt(dir))).toBe('foreign');
  });
});

describe('without a config folder', () => {
  it('still scaffolds, writing the record unsigned and reporting it so', async () => {
    const config = process.env.XDG_CONFIG_HOME;
    // A path under a file: no one, root included, can make a folder there.
    process.env.XDG_CONFIG_HOME = '/dev/null/nowhere';
    try {
      const dir = await tempDir('no-config');
      made.push(dir);
      await scaffoldAttempt({ levelId: 'level2', dir });
      const record = await readAttempt(dir);
      expect(record.signature).toBeUndefined();
      expect(await checkRecord(record)).toBe('unsigned');
    } finally {
      process.env.XDG_CONFIG_HOME = config;
    }
  });
});

describe("an attempt's node_modules", () => {
  it('links a folder that holds only the packages an attempt needs, not the kit', async () => {
    const dir = await fresh();
    const target = await readlink(join(dir, 'node_modules'));
    expect(resolve(target, '..')).not.toBe(kitRoot);
    expect((await readdir(target)).sort()).toEqual(['.bin', '@types', 'vitest', 'ws']);
    expect((await readdir(resolve(target, '..'))).sort()).toEqual(['node_modules']);
    // `.bin` holds only the link `npx kit` runs: the kit's CLI, not its folder.
    expect(await readdir(join(target, '.bin'))).toEqual(['kit']);
    expect(resolve(target, '.bin', await readlink(join(target, '.bin', 'kit')))).toBe(
      join(kitRoot, 'dist', 'bin', 'kit.js'),
    );
  });

  it("replaces an older kit's link to the kit's own node_modules", async () => {
    const dir = await fresh();
    await rm(join(dir, 'node_modules'));
    await symlink(join(kitRoot, 'node_modules'), join(dir, 'node_modules'));
    await linkKitPackages(dir);
    expect(await readlink(join(dir, 'node_modules'))).not.toBe(join(kitRoot, 'node_modules'));
    expect((await lstat(join(dir, 'node_modules'))).isSymbolicLink()).toBe(true);
  });
});
