import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { KitError } from '../errors.js';

/** `dist/kit-manifest.json`: the sha256 of every file the build made or graded runs read. */
export interface KitManifest {
  schema: 'interview-kit/manifest';
  version: 1;
  files: Record<string, string>;
}

const MANIFEST = join('dist', 'kit-manifest.json');
// What a grading run trusts: the graders, the visible tests it runs, and the compiled engine.
const WATCHED = ['graders', 'levels', 'dist'];
// Under levels/ only the tests are graded and the manifests say which graders and rubric run; the
// starters and tasks are what candidates change.
// dist/web is the room's page, which grades nothing (and the browser tests rebuild it while others run).
const isWatched = (path: string) =>
  !path.startsWith(`dist${sep}attempt-packages${sep}`) &&
  !path.startsWith(`dist${sep}web${sep}`) &&
  path !== MANIFEST &&
  (!path.startsWith(`levels${sep}`) || ['test', 'level.json'].includes(path.split(sep)[2] ?? ''));

async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const top of WATCHED) {
    const entries = await readdir(join(root, top), { withFileTypes: true, recursive: true }).catch(
      () => [],
    );
    for (const e of entries) {
      if (!e.isFile()) continue;
      const path = relative(root, join(e.parentPath, e.name));
      if (isWatched(path)) files.push(path);
    }
  }
  return files.sort();
}

async function hashFile(path: string): Promise<string | null> {
  const bytes = await readFile(path).catch(() => null);
  return bytes === null ? null : createHash('sha256').update(bytes).digest('hex');
}

/** Hashes the kit's graders, graded tests and compiled engine into `dist/kit-manifest.json`. */
export async function writeKitManifest(root: string): Promise<number> {
  const files: Record<string, string> = {};
  for (const path of await listFiles(root)) {
    const hash = await hashFile(join(root, path));
    if (hash) files[path.split(sep).join('/')] = hash;
  }
  const manifest: KitManifest = { schema: 'interview-kit/manifest', version: 1, files };
  await writeFile(join(root, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return Object.keys(files).length;
}

function selfCheckFailed(what: string): KitError {
  return new KitError(
    'KIT_SELF_CHECK_FAILED',
    `The kit's own files do not match its build: ${what}. Nothing was graded. Reinstall the kit, or run \`npm run build\` in it if you changed it on purpose.`,
  );
}

/**
 * Checks the kit against the manifest its build wrote: every listed file present with its hash,
 * and no grader or graded test the build did not list (it would run). Throws a KitError naming
 * the first file that differs; `kit` exits 3 on it.
 */
export async function verifyKitManifest(root: string): Promise<void> {
  const text = await readFile(join(root, MANIFEST), 'utf8').catch(() => null);
  if (text === null) throw selfCheckFailed(`${MANIFEST.split(sep).join('/')} is missing`);
  let manifest: KitManifest;
  try {
    manifest = JSON.parse(text) as KitManifest;
  } catch {
    throw selfCheckFailed(`${MANIFEST.split(sep).join('/')} is not valid JSON`);
  }
  const listed = Object.entries(manifest.files ?? {});
  const hashes = await Promise.all(listed.map(([path]) => hashFile(join(root, path))));
  for (const [i, [path, expected]] of listed.entries()) {
    const actual = hashes[i];
    if (actual === null) throw selfCheckFailed(`${path} is missing`);
    if (actual !== expected) throw selfCheckFailed(`${path} was changed`);
  }
  for (const path of await listFiles(root)) {
    const slashed = path.split(sep).join('/');
    if (!slashed.startsWith('dist/') && !(slashed in manifest.files)) {
      throw selfCheckFailed(`${slashed} was added`);
    }
  }
}
