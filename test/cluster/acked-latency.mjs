// What holding events until Redis stored them costs: chat latency on one `kit serve` alone and on
// one `kit serve --redis`, same build, same run. Sequential chats (the next goes once the last one
// arrived, one on each server in turn), so each figure is one event's way through the room, not a queue. Needs a build
// (`npm run build`) and redis-server on PATH; KIT_BIN=<path to dist/bin/kit.js> measures another
// build. Run: node test/cluster/acked-latency.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

const CHATS = Number(process.env.CHATS ?? 400);
const WARMUP = 50;
const TOKEN = 'acked-latency-token-0123456789abcdef';
const kit = process.env.KIT_BIN ?? join(import.meta.dirname, '../../dist/bin/kit.js');
const dir = mkdtempSync(join(tmpdir(), 'kit-acked-latency-'));
const children = [];

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) resolve(m[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}`)));
  });
}

function joinRoom(origin, id, token, name) {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?token=${token}&name=${name}`);
  const waiting = new Set();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const m = JSON.parse(String(data));
    for (const w of [...waiting]) if (w(m)) waiting.delete(w);
  });
  const next = (check) =>
    new Promise((resolve) =>
      waiting.add((m) => {
        if (!check(m)) return false;
        resolve(m);
        return true;
      }),
    );
  return { ws, next, welcome: next((m) => m.type === 'welcome') };
}

/** Opens a session on `origin` with an interviewer and a candidate in its room. */
async function openRoom(origin) {
  const res = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ level: 'level1' }),
  });
  const body = await res.json();
  const token = (role) => new URL(body.links[role]).searchParams.get('token');
  const interviewer = joinRoom(origin, body.session.id, token('interviewer'), 'Ivy');
  await interviewer.welcome;
  const candidate = joinRoom(origin, body.session.id, token('candidate'), 'Cam');
  await candidate.welcome;
  return { interviewer, candidate, echo: [], peer: [] };
}

/** One chat from the candidate: ms to its echo (the acknowledgement) and to the interviewer. */
async function chatOnce(room, text, keep) {
  const isIt = (m) => m.type === 'chat' && m.text === text;
  const t0 = performance.now();
  const echoed = room.candidate.next(isIt).then(() => performance.now() - t0);
  const seen = room.interviewer.next(isIt).then(() => performance.now() - t0);
  room.candidate.ws.send(JSON.stringify({ type: 'chat', text }));
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to "${text}" within 5 s`)), 5_000);
  });
  const [e, p] = await Promise.race([Promise.all([echoed, seen]), late]);
  clearTimeout(timer);
  if (keep) {
    room.echo.push(e);
    room.peer.push(p);
  }
}

function report(label, room) {
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  };
  const f = (x) => x.toFixed(3);
  console.log(
    `${label.padEnd(18)} echo p50 ${f(pct(room.echo, 50))} ms  p99 ${f(pct(room.echo, 99))} ms   ` +
      `to peer p50 ${f(pct(room.peer, 50))} ms  p99 ${f(pct(room.peer, 99))} ms   (${CHATS} chats)`,
  );
  return { echo: pct(room.echo, 50), peer: pct(room.peer, 50) };
}

try {
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, TOKEN);
  const redisPort = await freePort();
  await start(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /(Ready to accept connections)/,
  );
  const ready = /Interview room on (http:\/\/[^/\s]+)/;
  const serve = (name, extra) =>
    start(
      process.execPath,
      [kit, 'serve', '--port', '0', '--data', join(dir, name), '--token-file', tokenFile, ...extra],
      ready,
    );
  const alone = await serve('alone', []);
  const clustered = await serve('redis', ['--redis', `redis://127.0.0.1:${redisPort}`]);
  const rooms = [await openRoom(alone), await openRoom(clustered)];
  // Alternated, one chat on each in turn, paced under the room's rate limit (100 a second).
  for (let i = 0; i < WARMUP + CHATS; i++) {
    for (const room of rooms) await chatOnce(room, `chat ${i}`, i >= WARMUP);
    await new Promise((resolve) => setTimeout(resolve, 12));
  }
  for (const room of rooms) {
    room.interviewer.ws.close();
    room.candidate.ws.close();
  }
  const a = report('kit serve', rooms[0]);
  const r = report('kit serve --redis', rooms[1]);
  console.log(
    `added by --redis (p50): echo ${(r.echo - a.echo).toFixed(3)} ms, to peer ${(r.peer - a.peer).toFixed(3)} ms`,
  );
} finally {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
