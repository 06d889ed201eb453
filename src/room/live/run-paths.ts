import { tmpdir } from 'node:os';
import { kitRoot } from '../../paths.js';

/**
 * Paths the server ran a room's code under, and the prefix each becomes: the run's folder (on the
 * host `<tmp>/kit-room-run-XXXXXX`, in the jail `/attempt/kit-room-run-XXXXXX`) and the sandbox's
 * scratch folder become the attempt itself (`server.ts:3:7`); the kit's install folder and the
 * jail's own folders go, leaving `graders/level2/…` or `node_modules/…`.
 */
function serverPatterns(): RegExp[] {
  const tmp = escapeRegExp(tmpdir().replace(/\/+$/, ''));
  const roots = [
    `(?:${tmp}|/attempt)/kit-room-run-[A-Za-z0-9]+`,
    `${tmp}/kit-run-[A-Za-z0-9]+(?:/attempt|/run)?`,
    '/run/kit',
    '/attempt',
  ];
  if (kitRoot.length > 1) roots.push(escapeRegExp(kitRoot.replace(/\/+$/, '')));
  // `file://` too: an ES module's URL names its file. A root ends where a path segment ends.
  return roots.map((root) => new RegExp(`(?:file://)?${root}(?:/|(?![\\w.-]))`, 'g'));
}

let patterns: RegExp[] | null = null;

/**
 * A text with every server path made relative: `/tmp/kit-room-run-Ab12Cd/server.ts:3:7` becomes
 * `server.ts:3:7`, the folder itself `.`. File names after a root stay as they were, whatever
 * they hold: the replacement is a function, so `$&` in a name is text, not a pattern.
 */
export function stripServerPaths(text: string): string {
  patterns ??= serverPatterns();
  let out = text;
  for (const pattern of patterns) {
    out = out.replace(pattern, (match) => (match.endsWith('/') ? '' : '.'));
  }
  return out;
}

/** A copy of a JSON value with `stripServerPaths` applied to every string in it. */
export function stripPathsDeep<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'string' ? stripServerPaths(v) : v,
  ) as T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
