import type { PublicLevelInfo as LevelInfo } from '../../src/levels/level-types.js';
import type {
  ApiError,
  Role,
  RotatedLink,
  SessionSummary,
  SessionWithLinks,
} from '../../src/room/protocol/protocol.js';

/**
 * The interviewer's HTTP API, authorized by the server token from the URL `kit serve` prints (a
 * session's interviewer token authorizes `rotateLink` for that session only).
 */
export interface KitApi {
  levels(): Promise<LevelInfo[]>;
  sessions(): Promise<SessionSummary[]>;
  session(id: string): Promise<SessionSummary>;
  /** A new link for one role; the old link stops working at once. */
  rotateLink(id: string, role: Role): Promise<RotatedLink>;
  createSession(level: string, title?: string): Promise<SessionWithLinks>;
  endSession(id: string): Promise<SessionSummary>;
  recording(id: string): Promise<string>;
}

/** An API error with the server's code and message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Creates an API client for one token. */
export function createApi(serverToken: string): KitApi {
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${serverToken}`);
    const res = await fetch(path, { ...init, headers, cache: 'no-store' });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ApiError | null;
      const error = body?.error ?? { code: `http-${res.status}`, message: res.statusText };
      throw new ApiRequestError(res.status, error.code, error.message);
    }
    return res;
  }
  const json = async <T>(path: string, init?: RequestInit): Promise<T> =>
    (await (await call(path, init)).json()) as T;
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    levels: async () => (await json<{ levels: LevelInfo[] }>('/api/levels')).levels,
    sessions: async () => (await json<{ sessions: SessionSummary[] }>('/api/sessions')).sessions,
    session: async (id) =>
      (await json<{ session: SessionSummary }>(`/api/sessions/${encodeURIComponent(id)}`)).session,
    rotateLink: (id, role) =>
      json<RotatedLink>(`/api/sessions/${encodeURIComponent(id)}/rotate`, post({ role })),
    createSession: (level, title) =>
      json<SessionWithLinks>('/api/sessions', post(title ? { level, title } : { level })),
    endSession: async (id) =>
      (
        await json<{ session: SessionSummary }>(
          `/api/sessions/${encodeURIComponent(id)}/end`,
          post({}),
        )
      ).session,
    recording: async (id) =>
      (await call(`/api/sessions/${encodeURIComponent(id)}/recording`)).text(),
  };
}
