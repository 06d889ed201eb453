import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The kit root and its built CLI, as a user runs it. */
export const kitRoot = resolve(import.meta.dirname, '../..');
export const kitBin = join(kitRoot, 'dist/bin/kit.js');

/** How a `kit` invocation ended. */
export interface KitRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Options for one `kit` invocation. */
export interface RunKitOptions {
  cwd?: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Another copy of the kit to run (default: this one). */
  root?: string;
}

/** Runs the built `kit` CLI in a child process, colour off, and collects its output. */
export function runKit(args: string[], options: RunKitOptions = {}): Promise<KitRun> {
  const started = performance.now();
  const root = options.root ?? kitRoot;
  const child = spawn(process.execPath, [join(root, 'dist/bin/kit.js'), ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin.end(options.input ?? '');
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A fresh empty folder in the system temp folder. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kit-${prefix}-`));
}

/** The reference solution's files of a level, by name, for `scaffoldAttempt({ sources })`. */
export async function solutionSources(level: string): Promise<Record<string, string>> {
  const dir = join(kitRoot, 'solutions', level);
  const sources: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    if (name.endsWith('.ts')) sources[name] = await readFile(join(dir, name), 'utf8');
  }
  return sources;
}
