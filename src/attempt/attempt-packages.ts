import { existsSync } from 'node:fs';
import { mkdir, readlink, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { kitRoot } from '../paths.js';

/** The packages an attempt's code, visible tests and editor resolve. */
export const ATTEMPT_PACKAGES = ['vitest', 'ws', '@types/node', '@types/ws'];

/**
 * The folder an attempt's `node_modules` links to: a kit-owned folder that holds one link per
 * package an attempt needs and nothing else, so `node_modules/..` is no longer the kit's root
 * with its solutions and graders. Made by the build; made here when an older build lacks it.
 */
export function attemptPackagesDir(): string {
  return join(kitRoot, 'dist', 'attempt-packages', 'node_modules');
}

/**
 * Creates the packages folder if it is missing; false when the kit's folder is read-only. Besides
 * the packages it holds `.bin/kit`, a link to this kit's CLI, so `npx kit hint` inside an attempt
 * runs the kit that made it (npx looks for `node_modules/.bin/<name>` above the current folder).
 */
export async function ensureAttemptPackages(): Promise<boolean> {
  const dir = attemptPackagesDir();
  const links: [string, string][] = ATTEMPT_PACKAGES.map((name) => [
    join(dir, name),
    join(kitRoot, 'node_modules', name),
  ]);
  links.push([join(dir, '.bin', 'kit'), join(kitRoot, 'dist', 'bin', 'kit.js')]);
  try {
    for (const [link, target] of links) {
      if (!existsSync(target)) continue;
      await mkdir(dirname(link), { recursive: true });
      const wanted = relative(dirname(link), target);
      const current = await readlink(link).catch(() => null);
      if (current === wanted) continue;
      await symlink(wanted, link, 'junction').catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
    return true;
  } catch {
    return false;
  }
}
