import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecord, readAttempt } from '../../src/attempt/attempt-file.js';
import { describeOrigin } from '../../src/attempt/attempt-origin.js';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { tempDir } from '../support/run-kit.js';

const root = await tempDir('origin');
const previousConfig = process.env.XDG_CONFIG_HOME;
beforeAll(() => {
  process.env.XDG_CONFIG_HOME = join(root, 'config');
});
afterAll(async () => {
  if (previousConfig === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = previousConfig;
  await rm(root, { recursive: true, force: true });
});

async function originOf(dir: string): Promise<string | null> {
  const attempt = await readAttempt(dir);
  return describeOrigin(attempt, dir, await checkRecord(attempt));
}

describe('describeOrigin', () => {
  it('says nothing of an attempt graded in the folder it was made in, portable or not', async () => {
    const linked = join(root, 'linked');
    const portable = join(root, 'portable');
    await scaffoldAttempt({ levelId: 'level2', dir: linked });
    await scaffoldAttempt({ levelId: 'level2', dir: portable, portable: true });
    expect(await originOf(linked)).toBeNull();
    expect(await originOf(portable)).toBeNull();
  });

  it('names the folder an attempt was made in when it is graded from another', async () => {
    const made = join(root, 'made');
    const moved = join(root, 'moved');
    await scaffoldAttempt({ levelId: 'level2', dir: made });
    await cp(made, moved, { recursive: true, verbatimSymlinks: true });
    expect(await originOf(moved)).toBe(
      `Made elsewhere: an attempt made by this kit in ${made}, graded from this folder; its record verifies.`,
    );
  });
});
