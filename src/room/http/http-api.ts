import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKitError } from '../../errors.js';
import { findLevel, listLevels, publicLevelInfo } from '../../levels/level-registry.js';
import {
  type ApiError,
  type CreateSessionBody,
  PROTOCOL_VERSION,
  type Role,
  type RotatedLink,
  type SessionLinks,
  type SessionSummary,
} from '../protocol/protocol.js';
import { parseDecision, reviewMatches } from '../store/session-review.js';
import type { CreatedSession, StoredSession } from '../store/session-store.js';
import { StorageError } from '../store/storage-io.js';
import { roleOfToken, TOKEN_ROLES, tokensMatch } from '../store/tokens.js';
import { sendWebAsset, sendWebPage } from './web-assets.js';

const MAX_BODY_BYTES = 16 * 1024;

/** What the API needs from the server. */
export interface ApiContext {
  serverToken: string;
  listSessions(): StoredSession[];
  findSession(id: string): StoredSession | undefined;
  createSession(body: CreateSessionBody): CreatedSession;
  /** A new token for one role of a session; the old one is dead and its connections closed. */
  rotateLink(id: string, role: Role): { token: string; closed: number };
  endSession(id: string): StoredSession;
  /** The session as listed: status, who is online, participants, duration and last score. */
  summarize(session: StoredSession): SessionSummary;
  recordingPath(id: string): string;
  /**
   * With `kit serve --redis`: the session's recording as Redis holds it, or null when Redis has
   * none (the data dir's copy is served then).
   */
  readRecording?(id: string): Promise<string | null>;
  /**
   * With `kit serve --redis`: resolves once Redis acknowledged every write of the session so far.
   * A created or ended session is answered only then: an answer means the change is stored.
   */
  settled?(id: string): Promise<void>;
  log(message: string, error?: unknown): void;
}

/** How long an answer waits for Redis to acknowledge the change it reports. */
const STORE_WAIT_MS = 5_000;

/** Redis did not acknowledge a change in time, or refused it: the answer cannot say it is stored. */
class NotStored extends Error {}

async function waitStored(ctx: ApiContext, id: string): Promise<void> {
  if (!ctx.settled) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NotStored(`no answer in ${STORE_WAIT_MS} ms`)),
      STORE_WAIT_MS,
    );
  });
  const stored = ctx.settled(id).catch((error: unknown) => {
    throw new NotStored(error instanceof Error ? error.message : String(error));
  });
  try {
    await Promise.race([stored, late]);
  } finally {
    clearTimeout(timer);
  }
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** A session's link carrying one token, on the origin the request came in on. */
export function sessionLink(origin: string, id: string, token: string): string {
  return `${origin}/s/${id}?token=${token}`;
}

/** The three links of a session just made; later only hashes exist and no link can be rebuilt. */
export function sessionLinks(session: CreatedSession, origin: string): SessionLinks {
  return {
    interviewer: sessionLink(origin, session.id, session.tokens.interviewer),
    candidate: sessionLink(origin, session.id, session.tokens.candidate),
    observer: sessionLink(origin, session.id, session.tokens.observer),
  };
}

/** Answers one HTTP request (Host already checked by the server). */
export async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const origin = `http://${req.headers.host}`;
  const method = req.method ?? 'GET';
  try {
    if (method === 'GET' && (url.pathname === '/' || /^\/s\/[^/]+$/.test(url.pathname))) {
      return sendWebPage(res, SECURITY_HEADERS);
    }
    if (method === 'GET' && url.pathname.startsWith('/assets/')) {
      if (sendWebAsset(res, url.pathname, SECURITY_HEADERS, req.headers['accept-encoding'])) return;
      return sendError(res, 404, 'not-found', 'No such file.');
    }
    if (method === 'GET' && url.pathname === '/api/health') {
      return sendJson(res, 200, { ok: true, protocol: PROTOCOL_VERSION });
    }
    if (!url.pathname.startsWith('/api/')) return sendError(res, 404, 'not-found', 'No such page.');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const parts = url.pathname.split('/').slice(2); // after "/api/"
    const [resource, id, action] = parts;
    const rotating =
      method === 'POST' && resource === 'sessions' && action === 'rotate' && parts.length === 3;
    if (!tokensMatch(bearer, ctx.serverToken)) {
      // The interviewer's room page holds no server token: its own interviewer token may rotate
      // that session's links, and opens nothing else in the API.
      const own = rotating && id !== undefined ? ctx.findSession(id) : undefined;
      if (!own || roleOfToken(own.tokenHashes, bearer) !== 'interviewer') {
        return sendError(
          res,
          401,
          'unauthorized',
          'Send the server token as `Authorization: Bearer <token>`.',
        );
      }
    }
    if (method === 'GET' && resource === 'levels' && parts.length === 1) {
      return sendJson(res, 200, { levels: listLevels().map(publicLevelInfo) });
    }
    if (resource !== 'sessions') return sendError(res, 404, 'not-found', 'No such API route.');
    if (id === undefined) {
      if (method === 'GET') {
        // `?tag=` and `?decision=` filter as `kit sessions --tag --decision` does.
        const filter = {
          tag: url.searchParams.get('tag') || undefined,
          decision: url.searchParams.get('decision') || undefined,
        };
        if (filter.decision !== undefined) parseDecision(filter.decision);
        const sessions = ctx
          .listSessions()
          .map((s) => ctx.summarize(s))
          .filter((s) => reviewMatches(s.review, filter));
        return sendJson(res, 200, { sessions });
      }
      if (method === 'POST') {
        const body = await readJson(req);
        if (
          typeof body?.level !== 'string' ||
          (body.title !== undefined && typeof body.title !== 'string')
        ) {
          return sendError(
            res,
            400,
            'bad-request',
            'Send `{ "level": "<id or slug>", "title"?: "..." }`.',
          );
        }
        findLevel(body.level);
        const session = ctx.createSession({ level: body.level, title: body.title });
        await waitStored(ctx, session.id);
        return sendJson(res, 201, {
          session: ctx.summarize(session),
          links: sessionLinks(session, origin),
        });
      }
      return sendError(res, 405, 'method-not-allowed', `${method} is not allowed here.`);
    }
    const session = ctx.findSession(id);
    if (!session) return sendError(res, 404, 'not-found', `Session "${id}" not found.`);
    if (method === 'GET' && action === undefined) {
      // No links: only their hashes are stored. A lost link is replaced with `rotate`.
      return sendJson(res, 200, { session: ctx.summarize(session) });
    }
    if (rotating) {
      const role = (await readJson(req))?.role;
      if (!TOKEN_ROLES.some((r) => r === role)) {
        return sendError(
          res,
          400,
          'bad-request',
          'Send `{ "role": "interviewer" | "candidate" | "observer" }`.',
        );
      }
      const { token, closed } = ctx.rotateLink(session.id, role as Role);
      const answer: RotatedLink = {
        role: role as Role,
        link: sessionLink(origin, session.id, token),
        closed,
      };
      return sendJson(res, 200, answer);
    }
    if (method === 'POST' && action === 'end' && parts.length === 3) {
      const ended = ctx.endSession(id);
      await waitStored(ctx, id);
      return sendJson(res, 200, { session: ctx.summarize(ended) });
    }
    if (method === 'GET' && action === 'recording' && parts.length === 3) {
      const text = (await ctx.readRecording?.(session.id)) ?? null;
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/x-ndjson' });
      if (text === null) createReadStream(ctx.recordingPath(id)).pipe(res);
      else res.end(text);
      return;
    }
    return sendError(res, 404, 'not-found', 'No such API route.');
  } catch (error) {
    if (error instanceof BadBody) return sendError(res, error.status, 'bad-request', error.message);
    if (error instanceof NotStored) {
      ctx.log(`${method} ${url.pathname}: Redis did not acknowledge the change (${error.message})`);
      res.setHeader('Retry-After', '5');
      return sendError(
        res,
        503,
        'not-stored',
        'Saved on this server, but Redis has not acknowledged it, so the other servers may not see it. Check Redis, then ask again.',
      );
    }
    if (isStorageFull(error)) {
      ctx.log(`${method} ${url.pathname}: cannot save (${(error as { code?: string }).code})`);
      return sendError(
        res,
        507,
        'storage-paused',
        'The server cannot save right now; try again later.',
      );
    }
    if (isKitError(error)) {
      const status = error.code === 'KIT_SESSION_NOT_FOUND' ? 404 : 400;
      const code = error.code === 'KIT_LEVEL_NOT_FOUND' ? 'bad-level' : error.code;
      return sendError(res, status, code, error.message);
    }
    ctx.log(`${method} ${url.pathname} failed`, error);
    return sendError(res, 500, 'internal', 'The server failed; see its log.');
  }
}

// A full disk while creating a session is the host's state, not a bug: no stack, a 507.
function isStorageFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof StorageError || code === 'ENOSPC' || code === 'EDQUOT';
}

class BadBody extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new BadBody(415, 'Send the body as `Content-Type: application/json`.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadBody(413, `The body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
  } catch {
    throw new BadBody(400, 'The body is not valid JSON.');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body: ApiError = { error: { code, message } };
  sendJson(res, status, body);
}
