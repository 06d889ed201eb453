#!/usr/bin/env node
// Bundles the room's page (web/src/*.ts and web/styles.css) with esbuild into dist/web/, next to its
// index.html. Asset names carry a content hash (served with a year-long cache), and each script and
// style sheet is also written brotli- and gzip-compressed, so the server sends bytes made once here.
// Run by `npm run build`; the page fetches nothing from the internet at run time.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The asset files the server sends precompressed (source maps and legal notes stay plain). */
const COMPRESSED = /\.(js|css)$/;

/** Builds the page into `outDir` (default dist/web) and returns the folder. */
export async function buildWeb({ outDir = join(root, 'dist', 'web'), minify = true } = {}) {
  // Built beside the old folder and swapped in at the end, so a server reading dist/web while a
  // test rebuilds it sees one whole build or the other.
  const stage = `${outDir}.${randomBytes(4).toString('hex')}.tmp`;
  const assets = join(stage, 'assets');
  const result = await build({
    entryPoints: [
      { in: join(root, 'web', 'src', 'main.ts'), out: 'app' },
      { in: join(root, 'web', 'styles.css'), out: 'app' },
    ],
    entryNames: '[name]-[hash]',
    outdir: assets,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
    tsconfig: join(root, 'web', 'tsconfig.json'),
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((file) => /^app-[A-Z0-9]+\.js$/.test(file));
  const style = outputs.find((file) => /^app-[A-Z0-9]+\.css$/.test(file));
  if (!script || !style) throw new Error(`esbuild wrote no app script or style: ${outputs}`);
  const template = await readFile(join(root, 'web', 'index.html'), 'utf8');
  const html = template
    .replace('/assets/app.css', `/assets/${style}`)
    .replace('/assets/app.js', `/assets/${script}`);
  if (!html.includes(script) || !html.includes(style)) {
    throw new Error('web/index.html must link /assets/app.css and /assets/app.js.');
  }
  await writeFile(join(stage, 'index.html'), html);
  await Promise.all(
    outputs.filter((file) => COMPRESSED.test(file)).map((file) => compress(join(assets, file))),
  );
  if (await sameBuild(stage, outDir)) await rm(stage, { recursive: true, force: true });
  else await swapIn(stage, outDir);
  // Nothing from levels/ or guides/ is bundled: the task comes in `welcome.task` from the server,
  // and the guide's phases in `welcome.guide` to interviewers only.
  return outDir;
}

/**
 * True when `outDir` already holds this very build (same page, same files and sizes): test files
 * running side by side each build the page, and a server may be reading it meanwhile.
 */
async function sameBuild(stage, outDir) {
  try {
    const [fresh, current] = await Promise.all(
      [stage, outDir].map((dir) => readFile(join(dir, 'index.html'), 'utf8')),
    );
    if (fresh !== current) return false;
    const names = await readdir(join(stage, 'assets'));
    const sizes = await Promise.all(
      names.map(async (name) => {
        const [a, b] = await Promise.all(
          [stage, outDir].map((dir) => stat(join(dir, 'assets', name))),
        );
        return a.size === b.size;
      }),
    );
    return sizes.every(Boolean);
  } catch {
    return false;
  }
}

/** Moves `stage` to `outDir`, moving the old build aside first (two builds may race: retried). */
async function swapIn(stage, outDir) {
  for (let attempt = 0; ; attempt += 1) {
    const old = `${outDir}.${randomBytes(4).toString('hex')}.old`;
    await rename(outDir, old).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(stage, outDir);
      return;
    } catch (error) {
      if (attempt >= 5 || (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST')) throw error;
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  }
}

/** Writes `file.br` (brotli, best) and `file.gz` (gzip, best) beside `file`. */
async function compress(file) {
  const bytes = await readFile(file);
  const [br, gzipped] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
    gz(bytes, { level: 9 }),
  ]);
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = await buildWeb({ minify: !process.argv.includes('--dev') });
  process.stdout.write(`Built the room page into ${outDir}\n`);
}
