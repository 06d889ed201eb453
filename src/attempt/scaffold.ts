import { existsSync } from 'node:fs';
import {
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { findLevel, type LevelInfo, levelPaths } from '../levels/level-registry.js';
import { CONFIG_FILE } from '../levels/level-sources.js';
import { kitRoot, kitVersion } from '../paths.js';
import { type AttemptFile, hashContent, writeAttempt } from './attempt-file.js';
import { attemptPackagesDir, ensureAttemptPackages } from './attempt-packages.js';
import { portableAttemptFiles } from './portable-files.js';

/** What to scaffold and where. */
export interface ScaffoldOptions {
  levelId: LevelId;
  dir: string;
  /** Write into a folder that is not empty; files it replaces are kept in `.kit/backup-*`. */
  force?: boolean;
  /** Source files (name → content) that replace the starter's, e.g. code exported from a room. */
  sources?: Record<string, string>;
  /** A self-contained attempt (`kit start --portable`): no link to the kit, runs with npm alone. */
  portable?: boolean;
  now?: Date;
}

/** What scaffolding wrote. */
export interface ScaffoldResult {
  dir: string;
  level: LevelInfo;
  written: string[];
  /** Files that existed and were moved to the backup folder before being replaced. */
  backedUp: string[];
  backupDir: string | null;
}

// Entries a fresh folder may already hold without counting as a candidate's work.
const IGNORABLE = new Set(['.git', '.DS_Store']);

/** The attempt's own tsconfig: strict like the kit, `#attempt/*` pointing at its src/. */
const ATTEMPT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    noEmit: true,
    paths: { '#attempt/*': ['./src/*'] },
  },
  include: ['src', 'test'],
};

/**
 * npm scripts that run this kit's CLI by its path, so `npm test` works in an attempt whether or not
 * `kit` is on the PATH (it is not after a plain `npm install` of the kit).
 */
function attemptScripts(): Record<string, string> {
  const kit = `node ${JSON.stringify(join(kitRoot, 'dist', 'bin', 'kit.js'))}`;
  return {
    test: `${kit} test`,
    'test:watch': `${kit} test --watch`,
    hint: `${kit} hint`,
    status: `${kit} status`,
  };
}

async function readDirFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) out[entry.name] = await readFile(join(dir, entry.name), 'utf8');
  }
  return out;
}

/** Every file an attempt of this level starts with, by path relative to the attempt. */
export async function attemptFiles(
  levelId: LevelId,
  sources?: Record<string, string>,
): Promise<Record<string, string>> {
  const paths = levelPaths(levelId);
  const files: Record<string, string> = {
    'README.md': await readFile(paths.readme, 'utf8'),
    'tsconfig.json': `${JSON.stringify(ATTEMPT_TSCONFIG, null, 2)}\n`,
    'package.json': `${JSON.stringify(
      { name: `${levelId}-attempt`, private: true, type: 'module', scripts: attemptScripts() },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules\n',
  };
  const starter = sources ?? (await readDirFiles(paths.starter));
  for (const [name, content] of Object.entries(starter)) files[`src/${name}`] = content;
  for (const [name, content] of Object.entries(await readDirFiles(paths.visibleTests))) {
    files[`test/${name}`] = content;
  }
  return files;
}

/**
 * Creates an attempt folder: the task, the starter sources, the visible tests, a tsconfig and a
 * `node_modules` link to the kit's own packages, so the attempt typechecks in an editor and runs
 * its tests offline without an install. Refuses a non-empty folder unless `force`, and even then
 * moves every file it would replace into `.kit/backup-<time>/` first.
 */
export async function scaffoldAttempt(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const level = findLevel(options.levelId);
  const dir = resolve(options.dir);
  const now = options.now ?? new Date();
  const existing = existsSync(dir) ? (await readdir(dir)).filter((e) => !IGNORABLE.has(e)) : [];
  if (existing.length > 0 && !options.force) {
    throw new KitError(
      'KIT_DIR_NOT_EMPTY',
      `Folder "${dir}" is not empty. Choose another with \`kit start ${level.id} --dir <path>\`, or add --force (replaced files are backed up in .kit/).`,
    );
  }
  const usual = await attemptFiles(level.id, options.sources);
  const files = options.portable ? portableAttemptFiles(level.id, usual) : usual;
  // An attempt of a pack's level names the pack, so `npm run hint` and `kit status` inside it find
  // the level. A portable attempt names no path of this machine: its grader passes --levels.
  if (!options.portable && !level.builtIn) {
    files[CONFIG_FILE] = `${JSON.stringify({ levels: [level.paths.root] }, null, 2)}\n`;
  }
  const backupDir = join(dir, '.kit', `backup-${now.toISOString().replace(/[:.]/g, '-')}`);
  const backedUp: string[] = [];
  for (const file of [...Object.keys(files), '.kit/attempt.json']) {
    const target = join(dir, file);
    if (!existsSync(target)) continue;
    await mkdir(dirname(join(backupDir, file)), { recursive: true });
    await cp(target, join(backupDir, file));
    backedUp.push(file);
  }
  const hashes: Record<string, string> = {};
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
    hashes[file] = hashContent(content);
  }
  if (options.portable) await unlinkKitPackages(dir);
  else await linkKitPackages(dir);
  await mkdir(join(dir, '.kit'), { recursive: true });
  const attempt: AttemptFile = {
    schema: 'interview-kit/attempt',
    version: 1,
    level: level.id,
    kitVersion,
    startedAt: now.toISOString(),
    files: hashes,
    hints: [],
    manual: {},
    ...(options.portable ? { portable: true as const } : {}),
  };
  await writeAttempt(dir, attempt, { fresh: true });
  return {
    dir,
    level,
    written: Object.keys(files).sort(),
    backedUp,
    backupDir: backedUp.length > 0 ? backupDir : null,
  };
}

/**
 * Points the attempt's `node_modules` at the kit's folder of attempt packages (vitest, ws and the
 * Node types), so they resolve for the editor and the tests wherever the attempt lives, while
 * `node_modules/..` shows nothing of the kit. A link an older kit made to the kit's own
 * `node_modules` is replaced; any other existing entry is left alone.
 */
export async function linkKitPackages(dir: string): Promise<void> {
  const link = join(dir, 'node_modules');
  const packages = (await ensureAttemptPackages())
    ? attemptPackagesDir()
    : join(kitRoot, 'node_modules');
  const stat = await lstat(link).catch(() => null);
  if (stat) {
    const current = stat.isSymbolicLink() ? await readlink(link) : null;
    if (current !== resolve(kitRoot, 'node_modules') || current === packages) return;
    await rm(link, { force: true });
  }
  await symlink(packages, link, 'junction').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/**
 * Removes the `node_modules` link a linked attempt got from this kit (a folder made portable with
 * --force), so no link to this machine goes out with it. Anything else there is left alone.
 */
async function unlinkKitPackages(dir: string): Promise<void> {
  const link = join(dir, 'node_modules');
  const current = await readlink(link).catch(() => null);
  if (current === attemptPackagesDir() || current === resolve(kitRoot, 'node_modules')) {
    await rm(link, { force: true });
  }
}
