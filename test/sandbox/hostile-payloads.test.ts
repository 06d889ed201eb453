import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/paths.js';
import { detectSandbox } from '../../src/sandbox/detect-sandbox.js';
import { leftAfter, runPayload } from './support.js';

// Candidate code that attacks the machine it is graded on, through the real engine and a real
// bwrap. Each run must end in a report that names the limit or shows the refusal, leak nothing,
// and leave no process behind.

const sandbox = await detectSandbox();
if (sandbox.kind !== 'bwrap') {
  throw new Error(`These tests need a working bubblewrap; kit doctor says: ${sandbox.reason}`);
}

const secret = `kit-secret-${randomUUID()}`;
const dataDir = join(homedir(), `.kit-hostile-data-${randomUUID().slice(0, 8)}`);
const dataFile = join(dataDir, 'session.json');
let server: Server;
let port = 0;
let connections = 0;
// An abstract unix socket lives in the network namespace, not the file system: no bind hides it.
const abstractName = `kit-hostile-${randomUUID().slice(0, 8)}`;
let abstractServer: Server;

beforeAll(async () => {
  await mkdir(dataDir, { recursive: true });
  await writeFile(dataFile, JSON.stringify({ token: secret }));
  process.env.KIT_HOSTILE_SECRET = secret;
  server = createServer((socket) => {
    connections++;
    socket.end(secret);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
  abstractServer = createServer((socket) => {
    connections++;
    socket.end(secret);
  });
  await new Promise<void>((r) => abstractServer.listen(`\0${abstractName}`, r));
});

afterAll(async () => {
  delete process.env.KIT_HOSTILE_SECRET;
  await new Promise((r) => server.close(r));
  await new Promise((r) => abstractServer.close(r));
  await rm(dataDir, { recursive: true, force: true });
});

/** Reads files, lists folders, scans /proc and dials the host's loopback; reports what it got. */
function spyPayload(): string {
  return `
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
const read = (p: string) => { try { return readFileSync(p, 'utf8').slice(0, 300); } catch (e) { return (e as NodeJS.ErrnoException).code; } };
const list = (p: string) => { try { return readdirSync(p).join(',').slice(0, 120); } catch (e) { return (e as NodeJS.ErrnoException).code; } };
export async function attack() {
  const pids = readdirSync('/proc').filter((n) => /^\\d+$/.test(n));
  const procText = pids.map((p) => read('/proc/' + p + '/cmdline') + read('/proc/' + p + '/environ')).join(' ');
  const dialed = await new Promise((done) => {
    const s = connect(${port}, '127.0.0.1');
    s.on('data', (d) => { done('read ' + d.toString()); s.destroy(); });
    s.on('error', (e) => done((e as NodeJS.ErrnoException).code));
  });
  const abstract = await new Promise((done) => {
    const s = connect('\\0${abstractName}');
    s.on('data', (d) => { done('read ' + d.toString()); s.destroy(); });
    s.on('error', (e) => done((e as NodeJS.ErrnoException).code));
  });
  return {
    abstract,
    jailInit: read('/proc/1/environ'),
    data: read(${JSON.stringify(dataFile)}),
    shadow: read('/etc/shadow'),
    ssh: list(${JSON.stringify(join(homedir(), '.ssh'))}),
    home: list(${JSON.stringify(homedir())}),
    solutions: list(${JSON.stringify(join(kitRoot, 'solutions'))}),
    compiled: list(${JSON.stringify(join(kitRoot, 'dist', 'solutions'))}),
    etc: list('/etc'),
    parent: read('/proc/' + process.ppid + '/environ'),
    procSecret: procText.includes('kit-secret-'),
    pids: pids.length,
    env: Object.keys(process.env).join(','),
    dialed,
  };
}
`;
}

describe('a jailed run', () => {
  it('cannot read the data dir, /etc/shadow, ~/.ssh, the solutions or the parent, nor dial the host', async () => {
    const { found, text } = await runPayload(spyPayload());
    expect(found).toMatchObject({
      data: 'ENOENT',
      shadow: 'ENOENT',
      ssh: 'ENOENT',
      home: 'ENOENT',
      solutions: 'ENOENT',
      compiled: 'ENOENT',
      etc: 'hosts',
      procSecret: false,
      dialed: 'ECONNREFUSED',
      abstract: 'ECONNREFUSED',
    });
    // The jail's init (bwrap) keeps the environment it was started with: not even the host's cwd.
    expect(found?.jailInit).not.toContain(process.cwd());
    // Its own pid namespace: bwrap's init, the grading process, nothing of the host.
    expect(found?.pids).toBeLessThanOrEqual(3);
    expect(found?.env).not.toContain('KIT_HOSTILE_SECRET');
    expect(connections).toBe(0);
    expect(text).not.toContain(secret);
    if (existsSync('/etc/shadow')) {
      const line = readFileSync('/etc/shadow', 'utf8').split('\n')[0] ?? '';
      if (line) expect(text).not.toContain(line);
    }
  });

  it('is the reason: without it the same payload reads the data dir and dials the host', async () => {
    process.env.KIT_SANDBOX = 'none';
    try {
      const { found, run } = await runPayload(spyPayload());
      expect(run.sandbox).toBe('none');
      expect(found?.data).toContain(secret);
      expect(found?.dialed).toBe(`read ${secret}`);
    } finally {
      delete process.env.KIT_SANDBOX;
    }
  });

  it('reaches Redis without learning its password', async () => {
    process.env.REDIS_URL = `redis://kit:${secret}@127.0.0.1:1/0`;
    try {
      const { found, text } = await runPayload(`
import { readFileSync } from 'node:fs';
export async function attack() {
  return { url: process.env.REDIS_URL, environ: readFileSync('/proc/1/cmdline', 'latin1').includes('kit-secret-') };
}
`);
      expect(found?.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+\/0$/);
      expect(found?.environ).toBe(false);
      expect(text).not.toContain(secret);
    } finally {
      delete process.env.REDIS_URL;
    }
  });

  it('writes nowhere but its bounded /tmp: the root of the jail and /dev are read-only', async () => {
    const { found } = await runPayload(`
import { writeFileSync } from 'node:fs';
const write = (p: string) => { try { writeFileSync(p, 'x'); return 'wrote'; } catch (e) { return (e as NodeJS.ErrnoException).code; } };
export async function attack() {
  // Folders bwrap made for binds live in the jail's root, a tmpfs with no size limit.
  const places = ['/x', '/run/x', ${JSON.stringify(join(kitRoot, 'x'))}, ${JSON.stringify(join(kitRoot, 'graders', 'x'))}, '/dev/x', '/dev/shm/x', '/attempt/x', '/attempt/src/x'];
  return { ...Object.fromEntries(places.map((p) => [p, write(p)])), tmp: write('/tmp/x') };
}
`);
    expect(found).toMatchObject({ tmp: 'wrote' });
    // A kit that lives under /tmp (a CI clone) has its bind points inside the jail's own bounded
    // /tmp, where writing is allowed; nothing may reach the host's folders either way.
    const elsewhere = Object.entries(found ?? {}).filter(
      ([p, result]) => p !== 'tmp' && !p.startsWith('/tmp/') && result !== 'EROFS',
    );
    expect(elsewhere).toEqual([]);
    expect(existsSync(join(kitRoot, 'x')), 'a file in the host kit folder').toBe(false);
    expect(existsSync(join(kitRoot, 'graders', 'x')), 'a file in the host graders/').toBe(false);
  });

  it('ends 50 detached processes and a detached writer within 1 s of the end of the run', async () => {
    const marker = `kit-detached-${randomUUID()}`;
    const { found } = await runPayload(`
import { spawn } from 'node:child_process';
export async function attack() {
  const idle = ['--v8-pool-size=0', '--single-threaded', '-e', 'setInterval(() => {}, 1e6)', '${marker}'];
  const writer = ['-e', "setInterval(() => require('node:fs').appendFileSync('/tmp/w', 'x'), 10)", '${marker}'];
  const started = [];
  for (let i = 0; i < 50; i++) started.push(spawn(process.execPath, idle, { detached: true, stdio: 'ignore' }));
  started.push(spawn(process.execPath, writer, { detached: true, stdio: 'ignore' }));
  await Promise.all(started.map((c) => new Promise((r) => { c.once('spawn', r); c.once('error', r); })));
  for (const c of started) c.unref();
  return { spawned: started.filter((c) => c.pid).length };
}
`);
    expect(found?.spawned).toBe(51);
    expect(await leftAfter(marker, 1_000)).toEqual([]);
  });

  it('stops 200 processes at the process limit, and leaves none', async () => {
    const marker = `kit-forks-${randomUUID()}`;
    const { run } = await runPayload(`
import { spawn } from 'node:child_process';
export async function attack() {
  const kids = [];
  for (let i = 0; i < 200; i++) {
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', '${marker}'], { stdio: 'ignore' });
    c.on('error', () => {});
    kids.push(c);
  }
  await Promise.all(kids.map((c) => new Promise((r) => { c.once('spawn', r); c.once('error', r); })));
  return { running: kids.filter((c) => c.pid).length };
}
`);
    expect(run.problems.map((p) => p.message).join('\n')).toMatch(/^Process limit of \d+ reached/m);
    expect(await leftAfter(marker, 1_000)).toEqual([]);
  });

  it('stops a 4 GiB allocation at the memory limit', async () => {
    const { run } = await runPayload(`
export async function attack() {
  const held = [];
  for (let i = 0; i < 64; i++) held.push(Buffer.allocUnsafe(64 * 1024 * 1024).fill(i));
  return { held: held.length };
}
`);
    expect(run.problems).toContainEqual(
      expect.objectContaining({
        kind: 'limit',
        message: expect.stringMatching(/^Memory limit of 1 GiB reached/),
      }),
    );
  });

  it('keeps /tmp and each file within their sizes when 2 GiB are written', async () => {
    const { run, found } = await runPayload(`
import { openSync, writeSync, closeSync } from 'node:fs';
export async function attack() {
  const chunk = Buffer.alloc(1024 * 1024, 1);
  let written = 0;
  let error = '';
  let file = 0;
  try {
    while (written < 2048 * chunk.length) {
      const fd = openSync('/tmp/fill-' + file++, 'w');
      try {
        for (let i = 0; i < 128 && written < 2048 * chunk.length; i++) written += writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
  } catch (e) {
    error = (e as NodeJS.ErrnoException).code ?? String(e);
  }
  return { mib: Math.round(written / chunk.length), error };
}
`);
    expect(['EFBIG', 'ENOSPC']).toContain(found?.error);
    expect(found?.mib).toBeLessThanOrEqual(256);
    expect(run.problems.map((p) => p.message).join('\n')).toMatch(
      /^File size limit of 64 MiB reached/m,
    );
  });

  it('shows none of the control sequences it prints in the report (no OSC 52 clipboard write)', async () => {
    const { run } = await runPayload(`
import { writeSync } from 'node:fs';
export async function attack() {
  writeSync(2, '\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b]0;title\\x07\\x1b[2J crashed on purpose\\n');
  // The whole grading process ends (not just vitest's worker): its stderr is shown as the cause.
  process.kill(process.pid, 'SIGKILL');
}
`);
    const shown = run.problems.map((p) => p.message).join('\n');
    expect(shown).toContain('crashed on purpose');
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(shown).not.toContain(control);
  });

  it('caps 100 MB of output and says so', async () => {
    const { run, found } = await runPayload(`
import { writeSync } from 'node:fs';
// Straight to fd 1, past vitest's capture of console and process.stdout; the pipe is
// non-blocking, so a full one answers EAGAIN until the kit reads it.
export async function attack() {
  const line = Buffer.from('x'.repeat(1023) + '\\n');
  for (let i = 0; i < 100 * 1024; i++) {
    for (;;) {
      try {
        writeSync(1, line);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  return { printed: true };
}
`);
    expect(found?.printed).toBe(true);
    expect(run.problems.map((p) => p.message).join('\n')).toMatch(
      /^Output limit of 1 MiB reached/m,
    );
  });
});
