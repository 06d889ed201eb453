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

/** Names the build gives a content hash (`app-5B4G5M6C.js`): they never change, so cache a year. */
const HASHED = /-[A-Z0-9]{8}\.(?:js|css)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>interview-kit room</title>' +
  '<p>The room page is not built. Run <code>npm run build</code> in the kit, then reload.</p>';

/** Sends the page's HTML (the same for `/` and `/s/<id>`; the script picks the view). */
export function sendWebPage(res: ServerResponse, headers: Record<string, string>): void {
  const file = join(WEB_DIR, 'index.html');
  res.writeHead(200, {
    ...headers,
    // Revalidated on every load: it names the hashed assets of the current build.
    'Cache-Control': 'no-cache',
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'X-Frame-Options': 'DENY',
  });
  if (existsSync(file)) createReadStream(file).pipe(res);
  else res.end(NOT_BUILT);
}

/**
 * Sends `/assets/<file>` from dist/web/assets, as the brotli or gzip copy the build made when the
 * request's Accept-Encoding takes it; false when there is no such asset.
 */
export function sendWebAsset(
  res: ServerResponse,
  pathname: string,
  headers: Record<string, string>,
  acceptEncoding = '',
): boolean {
  // Plain names only: no `..`, no encoded separators, no dot files.
  const match =
    /^\/assets\/((?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*)$/.exec(pathname);
  const name = match?.[1];
  const type = name && TYPES[extname(name)];
  if (!name || !type || name.includes('..')) return false;
  const file = join(WEB_DIR, 'assets', name);
  const size = fileSize(file);
  if (size === null) return false;
  const out: Record<string, string | number> = {
    ...headers,
    'Content-Type': type,
    'Cache-Control': HASHED.test(name) ? IMMUTABLE : 'no-cache',
  };
  let send = file;
  let length = size;
  if (/\.(?:js|css)$/.test(name)) {
    out.Vary = 'Accept-Encoding';
    for (const encoding of acceptedEncodings(acceptEncoding)) {
      const packed = fileSize(`${file}.${encoding === 'br' ? 'br' : 'gz'}`);
      if (packed === null) continue;
      send = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
      length = packed;
      out['Content-Encoding'] = encoding;
      break;
    }
  }
  res.writeHead(200, { ...out, 'Content-Length': length });
  createReadStream(send).pipe(res);
  return true;
}

/** The encodings the build makes that `header` accepts (q > 0), best first: br, then gzip. */
export function acceptedEncodings(header: string): ('br' | 'gzip')[] {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (token) q.set(token, weight === undefined ? 1 : Number(weight));
  }
  const star = q.get('*');
  return (['br', 'gzip'] as const).filter((e) => (q.get(e) ?? star ?? 0) > 0);
}

function fileSize(file: string): number | null {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}
