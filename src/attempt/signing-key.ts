import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureKitConfigDir } from './config-dir.js';

const KEY_FILE = 'attempt-key';

/**
 * This user's key for signing attempt records: 32 random bytes made on first use and kept in the
 * kit's config folder, readable by the owner only (mode 0600).
 */
export async function loadSigningKey(): Promise<Buffer> {
  const path = join(await ensureKitConfigDir(), KEY_FILE);
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing !== null && /^[0-9a-f]{64}$/.test(existing.trim())) {
    return Buffer.from(existing.trim(), 'hex');
  }
  const key = randomBytes(32);
  try {
    // `wx`: if two kits race on first use, one key wins and the other reads it.
    await writeFile(path, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadSigningKey();
  }
  await chmod(path, 0o600);
  return key;
}
