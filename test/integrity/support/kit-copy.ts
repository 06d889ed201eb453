import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KitRun, kitRoot, type RunKitOptions } from '../../support/run-kit.js';

/**
 * A copy of the built kit in a temp folder (its node_modules linked), so a test can rewrite its
 * graders or engine without touching the kit every other test runs.
 */
export async function copyKit(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'kit-copy-'));
  for (const entry of [
    'package.json',
    'tsconfig.json',
    'dist',
    'graders',
    'levels',
    'solutions',
    'guides',
  ]) {
    await cp(join(kitRoot, entry), join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  await symlink(join(kitRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** Runs a kit copy's CLI and collects its output. */
export async function runKitCopy(
  root: string,
  args: string[],
  options: RunKitOptions = {},
): Promise<KitRun> {
  const { spawn } = await import('node:child_process');
  const started = performance.now();
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
