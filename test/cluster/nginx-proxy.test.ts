import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { createSession } from './instances.js';
import { useCluster } from './test-cluster.js';

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
  let port: number;
  let nginx: ChildProcess;
  let dir: string;
  let origin: string;

  const cluster = useCluster({
    instances: 3,
    serveArgs: async () => {
      port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      return ['--allowed-host', `127.0.0.1:${port}`];
    },
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kit-nginx-'));
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConfig(
        dir,
        port,
        cluster.instances.map((i) => i.origin.replace('http://', '')),
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
    nginx?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('spreads one interview over the instances and everyone sees the same room', async () => {
    const session = await createSession(origin, 'Behind nginx');
    const interviewer = await cluster.connect(origin, session, 'interviewer');
    const candidate = await cluster.connect(origin, session, 'candidate');
    const observer = await cluster.connect(origin, session, 'observer');
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
