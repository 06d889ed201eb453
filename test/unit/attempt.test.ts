import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attemptFilePath, readAttempt } from '../../src/attempt/attempt-file.js';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { findEditedTests } from '../../src/attempt/tamper.js';
import { isKitError } from '../../src/errors.js';
import { tempDir } from '../support/run-kit.js';

const made: string[] = [];
async function fresh(): Promise<string> {
  const dir = await tempDir('attempt');
  made.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return isKitError(error) ? error.code : 'not a KitError';
  }
  return undefined;
}

describe('scaffoldAttempt and the tamper check', () => {
  it('records a sha256 of every file it wrote and finds nothing edited at first', async () => {
    const dir = await fresh();
    const now = new Date('2026-03-01T10:00:00.000Z');
    const result = await scaffoldAttempt({ levelId: 'level2', dir, now });
    const attempt = await readAttempt(dir);
    expect(attempt.startedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(Object.keys(attempt.files).sort()).toEqual(result.written);
    expect(attempt.files['README.md']).toMatch(/^[0-9a-f]{64}$/);
    expect(await findEditedTests(dir, attempt)).toEqual([]);
  });

  it('reports a visible test that was edited or deleted, and ignores edits to src/', async () => {
    const dir = await fresh();
    const result = await scaffoldAttempt({ levelId: 'level2', dir });
    const test = result.written.find((f) => f.startsWith('test/')) ?? '';
    const src = result.written.find((f) => f.startsWith('src/')) ?? '';
    await writeFile(join(dir, src), '// my solution\n');
    expect(await findEditedTests(dir, await readAttempt(dir))).toEqual([]);
    await writeFile(join(dir, test), '// mine now\n');
    expect(await findEditedTests(dir, await readAttempt(dir))).toEqual([test]);
    await rm(join(dir, test));
    expect(await findEditedTests(dir, await readAttempt(dir))).toEqual([`${test} (deleted)`]);
  });

  it('writes given sources instead of the starter', async () => {
    const dir = await fresh();
    await scaffoldAttempt({ levelId: 'level2', dir, sources: { 'server.ts': '// exported\n' } });
    expect(await readFile(join(dir, 'src/server.ts'), 'utf8')).toBe('// exported\n');
  });

  it('refuses a non-empty folder without force', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'keep.txt'), 'x');
    expect(await codeOf(scaffoldAttempt({ levelId: 'level2', dir }))).toBe('KIT_DIR_NOT_EMPTY');
  });
});

describe('readAttempt', () => {
  it('names a folder that is not an attempt', async () => {
    expect(await codeOf(readAttempt(await fresh()))).toBe('KIT_NOT_AN_ATTEMPT');
  });

  it('says a file (a bundle sent back as is) must be unpacked first', async () => {
    const file = join(await fresh(), 'ada-level1.tgz');
    await writeFile(file, 'not a folder');
    await expect(readAttempt(file)).rejects.toThrow(
      `"${file}" is a file, not an attempt folder. Unpack it first (\`tar -xzf\` or \`unzip\`), then name the folder it holds, e.g. \`kit grade <folder>\`.`,
    );
    expect(await codeOf(readAttempt(file))).toBe('KIT_NOT_AN_ATTEMPT');
  });

  it('says a returned folder lost its hidden .kit/ folder, and what to do', async () => {
    const dir = await fresh();
    await scaffoldAttempt({ levelId: 'level1', dir, portable: true });
    await rm(join(dir, '.kit'), { recursive: true });
    await expect(readAttempt(dir)).rejects.toThrow(
      `"${dir}" has src/ and test/ but no .kit/attempt.json: the folder may have lost its hidden .kit/ folder when it was zipped; ask for it again with .kit/ included, or copy .kit/ over from the attempt as you sent it (the folder \`kit start\` made, or your bundle unpacked).`,
    );
    expect(await codeOf(readAttempt(dir))).toBe('KIT_ATTEMPT_RECORD_MISSING');
  });

  it('says .kit/ came back without attempt.json', async () => {
    const dir = await fresh();
    await scaffoldAttempt({ levelId: 'level1', dir, portable: true });
    await rm(attemptFilePath(dir));
    await expect(readAttempt(dir)).rejects.toThrow(
      `"${dir}" has a .kit/ folder but no .kit/attempt.json in it: the attempt's record was deleted or left out when the folder was copied;`,
    );
    expect(await codeOf(readAttempt(dir))).toBe('KIT_ATTEMPT_RECORD_MISSING');
  });

  it('names the attempt one folder down when unpacking wrapped it in another', async () => {
    const dir = await fresh();
    const inner = join(dir, 'ada-level1');
    await scaffoldAttempt({ levelId: 'level1', dir: inner, portable: true });
    await expect(readAttempt(dir)).rejects.toThrow(
      `"${dir}" is not an attempt, but the one folder in it is (unpacking put it one level down): name that folder, e.g. \`kit grade "${inner}"\`.`,
    );
    expect(await codeOf(readAttempt(dir))).toBe('KIT_NOT_AN_ATTEMPT');
  });

  it('names a broken attempt.json', async () => {
    const dir = await fresh();
    await scaffoldAttempt({ levelId: 'level2', dir });
    await writeFile(attemptFilePath(dir), '{ not json');
    expect(await codeOf(readAttempt(dir))).toBe('KIT_ATTEMPT_BROKEN');
  });
});
