import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { kitRoot } from '../paths.js';
import { intersectNodeRanges } from './node-range.js';
import { portableLockfile } from './portable-lock.js';

// A portable attempt runs its visible tests on any machine with Node and npm, without the kit: its
// package.json names the packages the tests import at the exact versions this kit runs them with,
// and a vitest config points `#attempt/<module>` at src/ as the kit's test runner does.

/** The packages every portable attempt needs, whatever its code imports (tsc for `typecheck`). */
const ALWAYS: readonly string[] = ['vitest', '@types/node', 'typescript'];

/** The vitest config of a portable attempt: the kit's alias and time limits, no path of the kit. */
const VITEST_CONFIG = `import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The tests import your code as \`#attempt/<module>\` (the same tests run against other
// implementations when the attempt is graded): here that is a file of src/.
const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: { alias: [{ find: /^#attempt\\/(.*)$/, replacement: \`\${src}$1\` }] },
  test: { include: ['test/**/*.test.ts'], testTimeout: 10_000, hookTimeout: 10_000 },
});
`;

/** Said at the top of the task README: how to run this copy with no kit installed. */
function portableNote(nodeRange: string): string {
  return `> **Running this attempt.** It needs npm and Node \`${nodeRange}\` (the \`engines\` of
> package.json), nothing else: run \`npm install\` once, then \`npm test\` for the visible tests
> (\`npm run test:watch\` re-runs them on every save). Where this README says \`kit test\`, use
> \`npm test\`; for a hint, ask your interviewer. When you are done, send the folder back (zip or
> git) without \`node_modules/\`, and keep \`.kit/\` in it.

`;
}

/** The bare package names a TypeScript source imports (`ws`, `@types/x`), without Node builtins. */
export function importedPackages(source: string): string[] {
  const names = new Set<string>();
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(specifiers)) {
    const spec = match[1] ?? '';
    if (/^[./#]/.test(spec) || isBuiltin(spec)) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
  }
  return [...names].sort();
}

/** What the kit reads of an installed package's package.json. */
interface PackageManifest {
  version?: string;
  engines?: { node?: string };
}

/**
 * The package.json and folder of a package the kit resolves, or null when it has none: looked up
 * as Node does, in `node_modules` of `from` and then of each folder above it (an install that
 * hoists). `from` is the kit's folder, or a package's folder for what that package imports.
 */
function kitPackage(
  name: string,
  from = kitRoot,
): { dir: string; manifest: PackageManifest } | null {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const at = join(dir, 'node_modules', name);
      const manifest = JSON.parse(
        readFileSync(join(at, 'package.json'), 'utf8'),
      ) as PackageManifest;
      return { dir: at, manifest };
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}

/** The version of a package the kit resolves, or null when it has none. */
function kitPackageVersion(name: string): string | null {
  return kitPackage(name)?.manifest.version ?? null;
}

/**
 * The Node versions a portable attempt's packages run on: the intersection of the `engines.node`
 * of each package it pins and of the vite that the kit's vitest runs on (vite asks more of Node
 * than vitest does), as installed in this kit, e.g. `^20.19.0 || ^22.12.0 || >=24.0.0`.
 */
export function portableNodeRange(pinned: Iterable<string>): string {
  const ranges: string[] = [];
  for (const name of pinned) {
    const found = kitPackage(name);
    if (found?.manifest.engines?.node) ranges.push(found.manifest.engines.node);
    if (name === 'vitest' && found) {
      const vite = kitPackage('vite', found.dir)?.manifest.engines?.node;
      if (vite) ranges.push(vite);
    }
  }
  return intersectNodeRanges(ranges);
}

/**
 * The dependencies of a portable attempt, pinned to the versions installed in this kit: what its
 * starter and visible tests import (`ws`), their `@types/` packages when the kit has them, and
 * vitest, the Node types and TypeScript. Packages only the tests and tools use are devDependencies.
 */
export function portableDependencies(
  levelId: LevelId,
  files: Record<string, string>,
): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
} {
  const runtime = new Set<string>();
  const testOnly = new Set<string>(ALWAYS);
  for (const [path, content] of Object.entries(files)) {
    if (!path.endsWith('.ts')) continue;
    for (const name of importedPackages(content)) {
      (path.startsWith('src/') ? runtime : testOnly).add(name);
    }
  }
  for (const name of [...runtime, ...testOnly]) {
    const types = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
    if (!name.startsWith('@types/') && kitPackageVersion(types)) testOnly.add(types);
  }
  const pin = (names: Iterable<string>) => {
    const pinned: Record<string, string> = {};
    for (const name of [...names].sort()) {
      const version = kitPackageVersion(name);
      if (!version) {
        throw new KitError(
          'KIT_LEVEL_INVALID',
          `Level "${levelId}" imports "${name}", which this kit has not installed, so a portable attempt cannot pin its version. Run \`npm install ${name}\` in the kit.`,
        );
      }
      pinned[name] = version;
    }
    return pinned;
  };
  for (const name of runtime) testOnly.delete(name);
  return { dependencies: pin(runtime), devDependencies: pin(testOnly) };
}

/**
 * Every file of a portable attempt by relative path, from an attempt's usual files (`attemptFiles`):
 * the task README (with how to run it first), the starter, the visible tests, the tsconfig, a
 * vitest config and a package.json whose scripts need no kit. Nothing in it names a path of this
 * machine, and nothing of the hidden graders or the solutions is in it.
 */
export function portableAttemptFiles(
  levelId: LevelId,
  files: Record<string, string>,
): Record<string, string> {
  const { dependencies, devDependencies } = portableDependencies(levelId, files);
  const pkg = {
    name: `${levelId}-attempt`,
    private: true,
    type: 'module',
    engines: {
      node: portableNodeRange([...Object.keys(dependencies), ...Object.keys(devDependencies)]),
    },
    scripts: { test: 'vitest run', 'test:watch': 'vitest', typecheck: 'tsc --noEmit' },
    ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
    devDependencies,
  };
  const lockfile = portableLockfile(pkg);
  return {
    ...files,
    'README.md': portableNote(pkg.engines.node) + (files['README.md'] ?? ''),
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    ...(lockfile ? { 'package-lock.json': lockfile } : {}),
    'vitest.config.ts': VITEST_CONFIG,
    '.gitignore': 'node_modules/\n',
  };
}
