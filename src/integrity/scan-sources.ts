import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { IntegrityFlag } from '../grading/types.js';
import { scanSource } from './scan-source.js';

const CODE = /\.(c|m)?(t|j)sx?$/;

async function listCode(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && CODE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !/(^|[\\/])(node_modules|\.kit)([\\/]|$)/.test(relative(dir, p)))
    .sort();
}

/**
 * The integrity scan of a graded folder: every code file, read as syntax, for what has no business
 * in a level (threads, processes, the test runner, the reference, raw descriptors, global patches,
 * eval). Paths in the flags are relative to `dir`. Advisory: flags never change a score.
 */
export async function scanSources(dir: string): Promise<IntegrityFlag[]> {
  const flags: IntegrityFlag[] = [];
  for (const path of await listCode(dir)) {
    const text = await readFile(path, 'utf8');
    flags.push(...scanSource(relative(dir, path), text));
  }
  return flags;
}
