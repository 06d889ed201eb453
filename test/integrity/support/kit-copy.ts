import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KitRun, kitRoot, type RunKitOptions, runKit } from '../../support/run-kit.js';

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
export function runKitCopy(
  root: string,
  args: string[],
  options: RunKitOptions = {},
): Promise<KitRun> {
  return runKit(args, { ...options, root });
}
