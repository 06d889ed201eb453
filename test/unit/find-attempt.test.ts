import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAttemptDir } from '../../src/attempt/find-attempt.js';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { isKitError } from '../../src/errors.js';
import { tempDir } from '../support/run-kit.js';

const root = await tempDir('find-attempt');
afterAll(() => rm(root, { recursive: true, force: true }));
const attempt = join(root, 'attempt');
await scaffoldAttempt({ levelId: 'level1', dir: attempt });

describe('resolveAttemptDir', () => {
  it('finds the attempt from its own folder and from any folder below it', async () => {
    const deep = join(attempt, 'src', 'notes', 'drafts');
    await mkdir(deep, { recursive: true });
    expect(resolveAttemptDir(undefined, attempt)).toBe(attempt);
    expect(resolveAttemptDir(undefined, join(attempt, 'src'))).toBe(attempt);
    expect(resolveAttemptDir(undefined, deep)).toBe(attempt);
  });

  it('takes a folder it is given as is, relative to cwd, without walking up', () => {
    expect(resolveAttemptDir('..', join(attempt, 'src'))).toBe(attempt);
    expect(resolveAttemptDir('src', attempt)).toBe(join(attempt, 'src'));
  });

  it('names the folder and the next command when no attempt is above it', async () => {
    const elsewhere = join(root, 'elsewhere', 'src');
    await mkdir(elsewhere, { recursive: true });
    let error: unknown;
    try {
      resolveAttemptDir(undefined, elsewhere);
    } catch (caught) {
      error = caught;
    }
    expect(isKitError(error) && error.code).toBe('KIT_NOT_AN_ATTEMPT');
    expect((error as Error).message).toBe(
      `No attempt in "${elsewhere}" or any folder above it (no .kit/attempt.json). Run \`kit start <level>\` to create one, or name the attempt's folder, e.g. \`kit status <dir>\`.`,
    );
  });
});
