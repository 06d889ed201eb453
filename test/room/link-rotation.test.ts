import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE, type Role } from '../../src/room/protocol/protocol.js';
import { api, startTestServer, TestClient } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

/** The HTTP status an upgrade attempt is refused with (or 101 when it succeeds). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

const wsUrl = (id: string, token: string) =>
  `${ctx.server.origin.replace('http', 'ws')}/ws/${id}?token=${encodeURIComponent(token)}`;

const REVOKED = {
  code: CLOSE.revoked,
  reason: 'This link was replaced: ask the interviewer for the new one',
};

/** How the server ends a socket opened with this URL: its close code and reason. */
function closeOf(url: string): Promise<{ code: number; reason: string } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', reject);
  });
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

/** Rotates a role's link with a token (the server token by default). */
function rotate(role: unknown, token = ctx.server.token, id = ctx.session.id) {
  return api(ctx.server, 'POST', `/api/sessions/${id}/rotate`, { role }, token);
}

describe('rotating a link', () => {
  it('gives the role a new link; the old token stops opening the room at once', async () => {
    ctx = await startTestServer();
    const old = ctx.session.tokens.candidate;
    const res = await rotate('candidate');
    expect(res.status).toBe(200);
    const link = res.body?.link as string;
    expect(res.body).toMatchObject({ role: 'candidate', closed: 0 });
    expect(link).toMatch(new RegExp(`^${ctx.server.origin}/s/${ctx.session.id}\\?token=`));
    expect(tokenOf(link)).not.toBe(old);
    expect(await closeOf(wsUrl(ctx.session.id, old))).toEqual(REVOKED);
    const fresh = await TestClient.connect(ctx.server.origin, ctx.session.id, tokenOf(link));
    expect(fresh.all('welcome')[0]?.you.role).toBe('candidate');
    await fresh.close();
    // The other roles' links are untouched.
    expect(await upgradeStatus(wsUrl(ctx.session.id, ctx.session.tokens.observer))).toBe(101);
    expect(await upgradeStatus(wsUrl(ctx.session.id, ctx.session.tokens.interviewer))).toBe(101);
  });

  it('closes every connection of that role with a clear reason, and only those', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const ada = await ctx.connect('candidate', 'Ada');
    const twin = await ctx.connect('candidate', 'Ada again');
    const res = await rotate('candidate');
    expect(res.body).toMatchObject({ closed: 2 });
    // Gone from the room before the close handshake: no frame of theirs is applied any more.
    expect(ctx.server.room(ctx.session.id)?.peers.map((p) => p.role)).toEqual(['interviewer']);
    for (const client of [ada, twin]) expect(await client.waitClosed()).toEqual(REVOKED);
    const left = await interviewer.until(() => {
      const leaves = interviewer.all('presence').filter((p) => p.event === 'leave');
      return leaves.length === 2 ? leaves : undefined;
    }, 'two leaves');
    expect(left.at(-1)?.peers.map((p) => p.role)).toEqual(['interviewer']);
    expect(interviewer.closed).toBeNull();
  });

  it('tells a page that reconnects with a replaced link why, and lets it join nothing', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const other = ctx.server.createSession('level1', 'Another');
    const old = ctx.session.tokens.candidate;
    await rotate('candidate');
    expect(await closeOf(`${wsUrl(ctx.session.id, old)}&name=Mallory`)).toEqual(REVOKED);
    // Only on its own session, and a token that never opened anything is still a plain 401.
    expect(await closeOf(wsUrl(other.id, old))).toEqual({ status: 401 });
    expect(await closeOf(wsUrl(ctx.session.id, `${old}x`))).toEqual({ status: 401 });
    interviewer.send({ type: 'chat', text: 'sentinel' });
    await interviewer.next('chat');
    expect(interviewer.all('presence')).toEqual([]);
    expect(ctx.server.room(ctx.session.id)?.peers.map((p) => p.name)).toEqual(['Grace']);
    const recording = readFileSync(ctx.server.store.recordingPath(ctx.session.id), 'utf8');
    expect(recording).not.toContain('Mallory');
  });

  it('remembers the last 20 replaced links of a session, and forgets older ones', async () => {
    ctx = await startTestServer();
    const first = ctx.session.tokens.observer;
    let previous = first;
    for (let i = 0; i < 20; i += 1) {
      previous = tokenOf((await rotate('observer')).body?.link as string);
    }
    expect(await closeOf(wsUrl(ctx.session.id, first))).toEqual(REVOKED);
    await rotate('observer');
    expect(await closeOf(wsUrl(ctx.session.id, first))).toEqual({ status: 401 });
    expect(await closeOf(wsUrl(ctx.session.id, previous))).toEqual(REVOKED);
    const stored = JSON.parse(
      readFileSync(join(ctx.dataDir, 'sessions', ctx.session.id, 'session.json'), 'utf8'),
    );
    expect(stored.revokedHashes).toHaveLength(20);
  });

  it('applies no edit a rotated-out socket sends after the rotation', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const ada = await ctx.connect('candidate', 'Ada');
    ctx.server.rotateLink(ctx.session.id, 'candidate');
    // In the same tick the old socket has not seen the close yet: the edit goes out on it, and the
    // server must drop it.
    expect(ada.ws.readyState).toBe(WebSocket.OPEN);
    ada.insert('room.ts', 0, '// sneaked in\n');
    await ada.waitClosed();
    interviewer.insert('server.ts', 0, '// sentinel\n');
    const probe = await ctx.connect('observer', 'Olive');
    await probe.waitForText('server.ts', `// sentinel\n${"export const greeting = 'hello';\n"}`);
    expect(probe.text('room.ts')).toBe('export class Room {}\n');
  });

  it('lets the interviewer rotate with their own token, and nobody else', async () => {
    ctx = await startTestServer();
    const other = ctx.server.createSession('level1', 'Another');
    const { candidate, observer, interviewer } = ctx.session.tokens;
    expect((await rotate('observer', candidate)).status).toBe(401);
    expect((await rotate('candidate', candidate)).status).toBe(401);
    expect((await rotate('interviewer', observer)).status).toBe(401);
    expect((await rotate('candidate', other.tokens.interviewer)).status).toBe(401);
    expect((await rotate('candidate', 'wrong')).status).toBe(401);
    expect((await rotate('candidate', '')).status).toBe(401);
    // The candidate's token still works: none of the refused calls changed anything.
    expect(await upgradeStatus(wsUrl(ctx.session.id, candidate))).toBe(101);
    const own = await rotate('candidate', interviewer);
    expect(own.status).toBe(200);
    expect(await closeOf(wsUrl(ctx.session.id, candidate))).toEqual(REVOKED);
  });

  it('opens nothing else of the API to an interviewer token', async () => {
    ctx = await startTestServer();
    const token = ctx.session.tokens.interviewer;
    const id = ctx.session.id;
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/sessions'],
      ['GET', '/api/levels'],
      ['GET', `/api/sessions/${id}`],
      ['GET', `/api/sessions/${id}/recording`],
      ['POST', `/api/sessions/${id}/end`, {}],
      ['POST', '/api/sessions', { level: 'level1' }],
      ['GET', `/api/sessions/${id}/rotate`],
      ['POST', `/api/sessions/${id}/rotate/candidate`, { role: 'candidate' }],
    ];
    for (const [method, path, body] of calls) {
      expect((await api(ctx.server, method, path, body, token)).status, `${method} ${path}`).toBe(
        401,
      );
    }
    expect(ctx.server.store.get(id).endedAt).toBeNull();
  });

  it('rotates nothing for a candidate who tries other doors', async () => {
    ctx = await startTestServer();
    const { candidate: token, interviewer } = ctx.session.tokens;
    const id = ctx.session.id;
    const client = await ctx.connect('candidate', 'Mallory');
    client.send({ type: 'rotate', role: 'interviewer' });
    client.send({ type: 'link.rotate', role: 'candidate' });
    expect((await client.next('error')).code).toBe('unknown-type');
    const origin = ctx.server.origin;
    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ role: 'interviewer' }),
      }).then((r) => r.status);
    expect(await post(`/api/sessions/${id}/rotate?token=${token}`)).toBe(401);
    expect(
      await post(`/api/sessions/${id}/rotate`, { Authorization: `bearer ${interviewer}` }),
    ).toBe(401);
    expect(
      await post(`/api/sessions/${id}/rotate`, { Authorization: `Bearer  ${interviewer}` }),
    ).toBe(401);
    for (const path of [
      `/api/sessions/${id}/rotate/`,
      `/api//sessions/${id}/rotate`,
      `/api/sessions/${id.toUpperCase()}/rotate`,
    ]) {
      expect(await post(path, { Authorization: `Bearer ${interviewer}` }), path).not.toBe(200);
    }
    // Every link still works and the candidate is still in: nothing was rotated.
    for (const t of Object.values(ctx.session.tokens)) {
      expect(await upgradeStatus(wsUrl(id, t))).toBe(101);
    }
    expect(client.closed).toBeNull();
  });

  it('kills a rotated interviewer token for rotating too', async () => {
    ctx = await startTestServer();
    const first = ctx.session.tokens.interviewer;
    const res = await rotate('interviewer', first);
    expect(res.status).toBe(200);
    expect((await rotate('candidate', first)).status).toBe(401);
    expect((await rotate('candidate', tokenOf(res.body?.link as string))).status).toBe(200);
  });

  it('refuses a bad role and an unknown session', async () => {
    ctx = await startTestServer();
    for (const role of [undefined, 'admin', 'Candidate', 3, ['candidate']]) {
      const res = await rotate(role);
      expect(res, String(role)).toMatchObject({
        status: 400,
        body: { error: { code: 'bad-request' } },
      });
    }
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await rotate('candidate', ctx.server.token, missing)).status).toBe(404);
    // Without the server token, an unknown session looks like a wrong token.
    expect((await rotate('candidate', ctx.session.tokens.interviewer, missing)).status).toBe(401);
    const text = await fetch(`${ctx.server.origin}/api/sessions/${ctx.session.id}/rotate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.server.token}`, 'Content-Type': 'text/plain' },
      body: '{"role":"candidate"}',
    });
    expect(text.status).toBe(415);
    expect(await upgradeStatus(wsUrl(ctx.session.id, ctx.session.tokens.candidate))).toBe(101);
  });

  it('shows no link after creation: the session answer carries no token', async () => {
    ctx = await startTestServer();
    const created = await api(ctx.server, 'POST', '/api/sessions', { level: 'level1' });
    const links = created.body?.links as Record<Role, string>;
    const id = (created.body?.session as { id: string } | undefined)?.id ?? '';
    const shown = await api(ctx.server, 'GET', `/api/sessions/${id}`);
    expect(shown.body).not.toHaveProperty('links');
    const listed = JSON.stringify((await api(ctx.server, 'GET', '/api/sessions')).body);
    for (const link of Object.values(links)) {
      expect(JSON.stringify(shown.body)).not.toContain(tokenOf(link));
      expect(listed).not.toContain(tokenOf(link));
    }
  });
});

describe('secrets outside session.json', () => {
  it('writes no token (old, new or the server token) to a recording, session.json or log', async () => {
    const logs: string[] = [];
    ctx = await startTestServer({ log: (m, e) => logs.push(`${m} ${String(e ?? '')}`) });
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    candidate.insert('room.ts', 0, '// hi\n');
    await interviewer.waitForText('room.ts', '// hi\nexport class Room {}\n');
    candidate.send({ type: 'chat', text: 'hello' });
    await interviewer.next('chat');
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.result');
    const rotated = await rotate('candidate');
    await candidate.waitClosed();
    const again = await TestClient.connect(
      ctx.server.origin,
      ctx.session.id,
      tokenOf(rotated.body?.link as string),
      'Ada',
    );
    interviewer.send({ type: 'note', text: 'rotated' });
    await interviewer.next('note');
    interviewer.send({ type: 'session.end' });
    await again.next('session.ended');
    await ctx.server.close();
    const secrets = [
      ctx.server.token,
      ...Object.values(ctx.session.tokens),
      tokenOf(rotated.body?.link as string),
    ];
    const dir = join(ctx.dataDir, 'sessions', ctx.session.id);
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(files.join('')).toContain('"type":"note"');
    for (const text of [...files, ...logs, ...ctx.logs]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
