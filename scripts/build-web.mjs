#!/usr/bin/env node
// Bundles the room's page (web/src/*.ts) with esbuild into dist/web/, next to its static files.
// Run by `npm run build`; the page fetches nothing from the internet at run time.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the page into `outDir` (default dist/web) and returns the files written. */
export async function buildWeb({ outDir = join(root, 'dist', 'web'), minify = true } = {}) {
  await rm(outDir, { recursive: true, force: true });
  const assets = join(outDir, 'assets');
  await mkdir(assets, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'web', 'src', 'main.ts') },
    outdir: assets,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(root, 'web', 'tsconfig.json'),
  });
  await copyFile(join(root, 'web', 'index.html'), join(outDir, 'index.html'));
  await copyFile(join(root, 'web', 'styles.css'), join(assets, 'app.css'));
  // Nothing from levels/ or guides/ is bundled: the task comes in `welcome.task` from the server,
  // and the guide's phases in `welcome.guide` to interviewers only.
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = await buildWeb({ minify: !process.argv.includes('--dev') });
  process.stdout.write(`Built the room page into ${outDir}\n`);
}
