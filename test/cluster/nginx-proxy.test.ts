import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../room/helpers.js';
import {
  connectRetrying,
  createSession,
  type Instance,
  startInstance,
  stopInstance,
} from './instances.js';
import { startRedis, type TestRedis } from './redis-server.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** docs/examples/nginx-kit-cluster.conf with this test's addresses, in a config nginx can run. */
function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  const example = readFileSync(
    join(import.meta.dirname, '../../docs/examples/nginx-kit-cluster.conf'),
    'utf8',
  );
  const http = example
    .replace(/server 10\.0\.0\.\d:8080;\n\s*/g, '')
    .replace(
      'upstream kit_room {\n',
      `upstream kit_room {\n${upstreams.map((u) => `    server ${u};\n`).join('')}`,
    )
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port};`)
    .replace('server_name interviews.example.com;', 'server_name localhost;');
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    'events { worker_connections 512; }',
    'http {',
    "  log_format upstream '$request_uri $upstream_addr';",
    `  access_log ${dir}/access.log upstream;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `  ${t}_temp_path ${dir}/${t};`,
    ),
    http,
    '}',
  ].join('\n');
}

// The documented nginx example in front of three instances: round robin, no sticky sessions.
describe('behind nginx', () => {
  let redis: TestRedis;
  let instances: Instance[] = [];
  let nginx: ChildProcess;
  let dir: string;
  let origin: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    instances = await Promise.all(
      [1, 2, 3].map(() => startInstance(redis.url, ['--allowed-host', `127.0.0.1:${port}`])),
    );
    dir = mkdtempSync(join(tmpdir(), 'kit-nginx-'));
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConfig(
        dir,
        port,
        instances.map((i) => i.origin.replace('http://', '')),
      ),
    );
    nginx = spawn(
      existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx',
      ['-c', conf, '-p', dir],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const started = Date.now();
    for (;;) {
      const up = await fetch(`${origin}/api/levels`).then(
        (r) => r.status,
        () => 0,
      );
      if (up !== 0 && up !== 502) break;
      if (Date.now() - started > 10_000) throw new Error('nginx did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.ws.close();
    nginx?.kill('SIGKILL');
    for (const i of instances) await stopInstance(i);
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spreads one interview over the instances and everyone sees the same room', async () => {
    const session = await createSession(origin, 'Behind nginx');
    const interviewer = await connectRetrying(
      origin,
      session.id,
      session.tokens.interviewer,
      'Ivy',
    );
    const candidate = await connectRetrying(origin, session.id, session.tokens.candidate, 'Cam');
    const observer = await connectRetrying(origin, session.id, session.tokens.observer, 'Obi');
    clients.push(interviewer, candidate, observer);
    const [file] = [...candidate.doc.share.keys()];
    candidate.doc.getText(file).insert(0, '// through nginx\n');
    for (const peer of [interviewer, observer])
      await peer.until(
        () => (peer.doc.getText(file).toString().startsWith('// through nginx') ? true : undefined),
        'the edit',
      );
    candidate.send({ type: 'chat', text: 'via the proxy' });
    expect((await interviewer.next('chat')).text).toBe('via the proxy');
    // Round robin: the three sockets reached more than one instance (nginx logs a socket when
    // it closes), so the ones not on the owner were relayed to it.
    for (const c of [interviewer, candidate, observer]) c.ws.close();
    const sockets = () =>
      readFileSync(join(dir, 'access.log'), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith(`/ws/${session.id}`));
    const started = Date.now();
    while (sockets().length < 3 && Date.now() - started < 5_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sockets()).toHaveLength(3);
    const upstreams = new Set(sockets().map((line) => line.split(' ')[1]));
    expect(upstreams.size).toBeGreaterThan(1);
  }, 60_000);
});
