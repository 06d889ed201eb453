import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { api, startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

/** The HTTP status an upgrade attempt is refused with (or 101 when it succeeds). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

/** A raw GET with a chosen Host header. */
function getWithHost(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { port, host: '127.0.0.1', path: '/api/health', headers: { Host: host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('room access', () => {
  it('creates, lists, shows and ends sessions over the API', async () => {
    ctx = await startTestServer();
    const created = await api(ctx.server, 'POST', '/api/sessions', {
      level: 'broadcast',
      title: 'Ada, loop',
    });
    expect(created.status).toBe(201);
    const body = created.body as {
      session: { id: string; status: string; level: { id: string } };
      links: Record<string, string>;
    };
    expect(body.session).toMatchObject({ status: 'open', level: { id: 'level1' } });
    const tokens = Object.values(body.links).map((l) => new URL(l).searchParams.get('token'));
    expect(new Set(tokens).size).toBe(3);
    expect(body.links.candidate).toMatch(
      new RegExp(`^${ctx.server.origin}/s/${body.session.id}\\?token=`),
    );
    const list = await api(ctx.server, 'GET', '/api/sessions');
    expect(list.body?.sessions).toHaveLength(2);
    const ended = await api(ctx.server, 'POST', `/api/sessions/${body.session.id}/end`);
    expect(ended.body?.session).toMatchObject({ status: 'ended' });
    expect((await api(ctx.server, 'GET', `/api/sessions/${body.session.id}`)).status).toBe(200);
    const recording = await fetch(
      `${ctx.server.origin}/api/sessions/${body.session.id}/recording`,
      {
        headers: { Authorization: `Bearer ${ctx.server.token}` },
      },
    );
    expect((await recording.text()).split('\n')[0]).toContain('interview-kit/room-recording');
  });

  it('refuses the API without the server token and unknown levels with a clear error', async () => {
    ctx = await startTestServer();
    expect((await api(ctx.server, 'GET', '/api/sessions', undefined, 'wrong')).status).toBe(401);
    expect(
      (await api(ctx.server, 'GET', '/api/sessions', undefined, ctx.session.tokens.interviewer))
        .status,
    ).toBe(401);
    const bad = await api(ctx.server, 'POST', '/api/sessions', { level: 'level9' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad-level' } } });
    expect((await api(ctx.server, 'GET', '/api/sessions/nope')).status).toBe(404);
  });

  it('refuses upgrades with a wrong token or unknown session alike', async () => {
    ctx = await startTestServer();
    const base = `${ctx.server.origin.replace('http', 'ws')}/ws`;
    expect(await upgradeStatus(`${base}/${ctx.session.id}?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${base}/${ctx.session.id}`)).toBe(401);
    expect(
      await upgradeStatus(
        `${base}/00000000-0000-4000-8000-000000000000?token=${ctx.session.tokens.candidate}`,
      ),
    ).toBe(401);
    expect(await upgradeStatus(`${base}/${ctx.session.id}?token=${ctx.server.token}`)).toBe(401);
    expect(await upgradeStatus(`${ctx.server.origin.replace('http', 'ws')}/elsewhere`)).toBe(404);
    expect(
      await upgradeStatus(`${base}/${ctx.session.id}?token=${ctx.session.tokens.candidate}`),
    ).toBe(101);
  });

  it('refuses a cross-site Origin and a rebinding Host', async () => {
    ctx = await startTestServer();
    const url = `${ctx.server.origin.replace('http', 'ws')}/ws/${ctx.session.id}?token=${ctx.session.tokens.candidate}`;
    expect(await upgradeStatus(url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { Origin: ctx.server.origin })).toBe(101);
    expect(await upgradeStatus(url, { Host: `evil.example:${ctx.server.port}` })).toBe(403);
    expect(await getWithHost(ctx.server.port, `evil.example:${ctx.server.port}`)).toBe(403);
    expect(await getWithHost(ctx.server.port, `localhost:${ctx.server.port}`)).toBe(200);
    expect(await getWithHost(ctx.server.port, 'localhost:1')).toBe(403);
  });

  it('gives each token its role', async () => {
    ctx = await startTestServer();
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      const client = await ctx.connect(role);
      expect(client.all('welcome')[0]?.you).toMatchObject({ role, canEdit: role !== 'observer' });
    }
  });
});
