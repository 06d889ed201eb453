import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { kitRoot } from '../../paths.js';

/** Where `npm run build` (scripts/build-web.mjs) puts the room's page. */
export const WEB_DIR = join(kitRoot, 'dist', 'web');

/**
 * The page's Content-Security-Policy: scripts only from this server (no inline scripts, no eval);
 * inline style attributes are allowed because CodeMirror and the remote cursors set them.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>interview-kit room</title>' +
  '<p>The room page is not built. Run <code>npm run build</code> in the kit, then reload.</p>';

/** Sends the page's HTML (the same for `/` and `/s/<id>`; the script picks the view). */
export function sendWebPage(res: ServerResponse, headers: Record<string, string>): void {
  const file = join(WEB_DIR, 'index.html');
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'X-Frame-Options': 'DENY',
  });
  if (existsSync(file)) createReadStream(file).pipe(res);
  else res.end(NOT_BUILT);
}

/** Sends `/assets/<file>` from dist/web/assets; false when there is no such asset. */
export function sendWebAsset(
  res: ServerResponse,
  pathname: string,
  headers: Record<string, string>,
): boolean {
  // Plain names only: no `..`, no encoded separators, no dot files.
  const match =
    /^\/assets\/((?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*)$/.exec(pathname);
  const type = match?.[1] && TYPES[extname(match[1])];
  if (!match?.[1] || !type || match[1].includes('..')) return false;
  const file = join(WEB_DIR, 'assets', match[1]);
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(res);
  return true;
}
