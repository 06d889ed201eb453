import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitRoot } from '../paths.js';

// A portable attempt's package-lock.json, cut out of the kit's own: the packages its package.json
// names and everything they depend on, at the versions (and integrity hashes) the kit installed and
// tested with, every platform's optional binaries included. `npm install` there then gets the very
// tree the kit runs its tests with, and `npm ci` works.

/** One entry of a lockfile's `packages` map (lockfileVersion 3). */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

/** The order npm writes a lockfile's keys in: these first, then scalars, then objects, by name. */
const NPM_KEY_ORDER = [
  'name',
  'version',
  'lockfileVersion',
  'resolved',
  'integrity',
  'requires',
  'packages',
  'dependencies',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function compareKeys(a: string, b: string): number {
  const [ia, ib] = [NPM_KEY_ORDER.indexOf(a), NPM_KEY_ORDER.indexOf(b)];
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  return a.localeCompare(b, 'en');
}

/**
 * JSON the way npm writes package-lock.json (json-stringify-nice with npm's key order), so a
 * candidate's `npm install` leaves the file byte for byte as it came and git shows no change.
 */
export function stringifyLikeNpm(value: unknown): string {
  const sorted = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (!isObject(v)) return v;
      const entries = Object.entries(v).sort(([ak, av], [bk, bv]) =>
        isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
      );
      return Object.fromEntries(entries);
    },
    2,
  );
  return `${sorted}\n`;
}

/** The lockfile path of `name` as Node would find it from the package at `from` ('' = root). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  for (let base = from; ; ) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return null;
    const at = base.lastIndexOf('node_modules/');
    base = at <= 0 ? '' : base.slice(0, at - 1);
  }
}

/** The edges out of a package: [name, optional] for each dependency npm installs with it. */
function edges(entry: LockEntry): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const name of Object.keys(entry.dependencies ?? {})) out.push([name, false]);
  for (const name of Object.keys(entry.optionalDependencies ?? {})) out.push([name, true]);
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    if (!entry.peerDependenciesMeta?.[name]?.optional) out.push([name, false]);
  }
  return out;
}

/** Every lockfile path reachable from the roots, following optional edges or not. */
function reach(
  packages: Record<string, LockEntry>,
  roots: string[],
  followOptional: boolean,
): Set<string> {
  const seen = new Set<string>();
  const queue = roots.map((name) => locate(packages, '', name)).filter((k) => k !== null);
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const [name, optional] of edges(packages[key] as LockEntry)) {
      if (optional && !followOptional) continue;
      const found = locate(packages, key, name);
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return seen;
}

/**
 * The package-lock.json of a portable attempt whose package.json is `pkg`, from the kit's own
 * lockfile; null when the kit has none or lacks one of the packages (then npm resolves the pins).
 */
export function portableLockfile(pkg: {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies: Record<string, string>;
  engines?: Record<string, string>;
}): string | null {
  let lock: { lockfileVersion?: number; packages?: Record<string, LockEntry> };
  try {
    lock = JSON.parse(readFileSync(join(kitRoot, 'package-lock.json'), 'utf8'));
  } catch {
    return null;
  }
  const packages = lock.packages;
  if (lock.lockfileVersion !== 3 || !packages) return null;
  const prodRoots = Object.keys(pkg.dependencies ?? {});
  const devRoots = Object.keys(pkg.devDependencies);
  const pinned = { ...pkg.dependencies, ...pkg.devDependencies };
  for (const [name, version] of Object.entries(pinned)) {
    if (packages[`node_modules/${name}`]?.version !== version) return null;
  }
  const all = reach(packages, [...prodRoots, ...devRoots], true);
  const prod = reach(packages, prodRoots, true);
  const required = reach(packages, [...prodRoots, ...devRoots], false);
  const out: Record<string, unknown> = {
    '': {
      name: pkg.name,
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
      devDependencies: pkg.devDependencies,
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    },
  };
  for (const key of [...all].sort()) {
    const {
      dev: _d,
      optional: _o,
      devOptional: _do,
      peer: _p,
      ...entry
    } = packages[key] as LockEntry;
    out[key] = {
      ...entry,
      ...(prod.has(key) ? {} : { dev: true }),
      ...(required.has(key) ? {} : { optional: true }),
    };
  }
  return stringifyLikeNpm({ name: pkg.name, lockfileVersion: 3, requires: true, packages: out });
}
