import { rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KitError } from '../errors.js';

/**
 * Writes a rendered report (a Markdown scorecard, a comparison) to a file, atomically. A folder
 * that does not exist or cannot be written is a KitError naming the path.
 */
export async function writeReportFile(path: string, content: string): Promise<string> {
  const target = resolve(path);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, content.endsWith('\n') ? content : `${content}\n`);
    await rename(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new KitError(
        'KIT_BAD_OPTION',
        `Cannot write "${target}" (${code}). Check that ${dirname(target)} exists and is writable, or pass another path.`,
      );
    }
    throw error;
  }
  return target;
}
