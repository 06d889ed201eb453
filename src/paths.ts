import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Walks up from this file to the folder holding the kit's package.json. */
function findKitRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'interview-kit') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`interview-kit's package.json not found above ${start}`);
    dir = parent;
  }
}

/** The kit's own folder: levels/, solutions/, graders/ and guides/ live here. */
export const kitRoot = findKitRoot(import.meta.dirname);

/** True when running the compiled kit (dist/), false when vitest runs the TypeScript sources. */
export const isCompiled = import.meta.url.endsWith('.js');

const kitPackage = JSON.parse(readFileSync(join(kitRoot, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
};

/** The kit's version, from its package.json. */
export const kitVersion: string = kitPackage.version;

/** The Node versions the kit runs on, its package.json's `engines.node`. */
export const kitNodeRange: string = kitPackage.engines.node;

/** The compiled form of a kit file, e.g. `src/grading/grader-child.ts` → dist/…/grader-child.js. */
export function compiledPath(relativeTs: string): string {
  return join(kitRoot, 'dist', relativeTs.replace(/\.ts$/, '.js'));
}
