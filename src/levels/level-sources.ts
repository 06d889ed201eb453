import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KitError } from '../errors.js';
import { kitRoot } from '../paths.js';

/** A folder holding `levels/<id>/level.json`: the kit itself, or a pack of someone's own levels. */
export interface LevelSource {
  /** `kit` for the kit's own levels; a pack's package.json name, else its folder's name. */
  name: string;
  /** Absolute, real path of the folder that holds `levels/`. */
  root: string;
  builtIn: boolean;
  /** Where the pack was named: `--levels`, `KIT_LEVELS`, or the config file's path. */
  via: string;
}

/** The config file naming packs, looked for in the current folder and each folder above it. */
export const CONFIG_FILE = 'interview-kit.json';
/** The environment variable naming packs, a path list like PATH. */
export const LEVELS_ENV = 'KIT_LEVELS';

let cliPacks: string[] = [];
let cliCwd = process.cwd();

/** Packs named on the command line (`--levels <dir>`), in addition to config and KIT_LEVELS. */
export function useLevelPacks(specs: string[], cwd = process.cwd()): void {
  cliPacks = [...specs];
  cliCwd = cwd;
}

/** A package name as npm spells it: `acme-levels` or `@acme/levels`. */
const PACKAGE_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/** An installed npm package of that name, looked for in node_modules from `base` upwards. */
function findInstalledPackage(name: string, base: string): string | null {
  let dir = base;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function packName(root: string): string {
  const pkg = join(root, 'package.json');
  if (existsSync(pkg)) {
    try {
      const { name } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown };
      // Shown in reports and terminals: a name as npm spells it, nothing else.
      if (typeof name === 'string' && PACKAGE_NAME.test(name)) return name;
    } catch {
      // A pack's package.json that does not parse still leaves the folder's name.
    }
  }
  return basename(root).replace(/[^\w@.-]/g, '-');
}

/** The folder a pack name stands for (a path, or an installed package's name), if there is one. */
export function findPackFolder(spec: string, base: string): string | null {
  const asPath = isAbsolute(spec) ? spec : resolve(base, spec);
  if (existsSync(asPath)) return asPath;
  return PACKAGE_NAME.test(spec) && !spec.startsWith('.') ? findInstalledPackage(spec, base) : null;
}

/** Resolves one pack as named (a folder, or an installed package's name) to its source. */
export function resolvePack(spec: string, base: string, via: string): LevelSource {
  const root = findPackFolder(spec, base);
  if (!root || !statSync(root).isDirectory()) {
    throw new KitError(
      'KIT_PACK_NOT_FOUND',
      `Level pack "${spec}" (from ${via}) not found: no such folder${PACKAGE_NAME.test(spec) ? ' or installed package' : ''}. Check the path, or run \`kit list\` without it.`,
    );
  }
  if (!existsSync(join(root, 'levels'))) {
    throw new KitError(
      'KIT_PACK_NOT_FOUND',
      `"${root}" (from ${via}) is not a level pack: it has no levels/ folder. A pack holds levels/<id>/level.json, as the kit does; see "Your own levels" in the kit's README.`,
    );
  }
  const real = realpathSync(root);
  return { name: packName(real), root: real, builtIn: false, via };
}

/** Adds one more pack (`kit verify <pack>`) to those of the command line, and returns it. */
export function addLevelPack(spec: string, via: string): LevelSource {
  const source = resolvePack(spec, cliCwd, via);
  cliPacks.push(source.root);
  return source;
}

/** The config file that applies from `cwd`: the nearest `interview-kit.json` above it. */
export function findConfigFile(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function configPacks(file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KitError(
      'KIT_LEVEL_INVALID',
      `${file}: not valid JSON (${(error as Error).message})`,
    );
  }
  const levels = (data as { levels?: unknown } | null)?.levels;
  if (
    typeof data !== 'object' ||
    data === null ||
    (levels !== undefined &&
      (!Array.isArray(levels) || levels.some((l) => typeof l !== 'string' || !l)))
  ) {
    throw new KitError(
      'KIT_LEVEL_INVALID',
      `${file}: "levels" must be an array of pack folders or package names`,
    );
  }
  return (levels as string[] | undefined) ?? [];
}

/**
 * Every place levels come from, in order: the kit's own `levels/`, the packs of the nearest
 * `interview-kit.json`, of `KIT_LEVELS`, then of `--levels`. A folder named twice counts once.
 */
export function levelSources(): LevelSource[] {
  const sources: LevelSource[] = [{ name: 'kit', root: kitRoot, builtIn: true, via: 'the kit' }];
  const config = findConfigFile(cliCwd);
  if (config) {
    for (const spec of configPacks(config))
      sources.push(resolvePack(spec, dirname(config), config));
  }
  for (const spec of (process.env[LEVELS_ENV] ?? '').split(delimiter)) {
    if (spec.trim()) sources.push(resolvePack(spec.trim(), cliCwd, LEVELS_ENV));
  }
  for (const spec of cliPacks) sources.push(resolvePack(spec, cliCwd, '--levels'));
  const seen = new Set<string>();
  return sources.filter((s) => !seen.has(s.root) && seen.add(s.root));
}
