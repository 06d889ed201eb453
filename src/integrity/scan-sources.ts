import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { IntegrityFlag } from './integrity-flag.js';

const CODE = /\.(c|m)?(t|j)sx?$/;

/** One code file of a graded folder, as read before the run. */
export interface CodeFile {
  /** Relative to the graded folder. */
  file: string;
  text: string;
}

/** Reads every code file of a graded folder (not node_modules or .kit), sorted by path. */
export async function readCodeFiles(dir: string): Promise<CodeFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const paths = entries
    .filter((e) => e.isFile() && CODE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !/(^|[\\/])(node_modules|\.kit)([\\/]|$)/.test(relative(dir, p)))
    .sort();
  return Promise.all(
    paths.map(async (path) => ({ file: relative(dir, path), text: await readFile(path, 'utf8') })),
  );
}

/**
 * The integrity scan: every code file read as syntax, for what has no business in a level
 * (threads, processes, the test runner, the reference, raw descriptors, global patches, eval).
 * Advisory: flags never change a score. The parser loads lazily, so the grading run can start
 * while it does.
 */
export async function scanCodeFiles(files: CodeFile[]): Promise<IntegrityFlag[]> {
  const { scanSource } = await import('./scan-source.js');
  return files.flatMap(({ file, text }) => scanSource(file, text));
}

/** Reads and scans a graded folder; paths in the flags are relative to `dir`. */
export async function scanSources(dir: string): Promise<IntegrityFlag[]> {
  return scanCodeFiles(await readCodeFiles(dir));
}
