// The room on several machines: 50 sessions x 3 participants spread over 3 `kit serve --redis`
// instances against the same load on one plain `kit serve`, in the same run: edit-to-peer
// latency p50/p99 and edits lost. Then runs per minute through `kit worker` with 1 and 2 workers
// (the real engine, in the jail). Needs redis-server on PATH.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRedis } from '../src/room/cluster/redis-connect.js';
import { createQueueRunner } from '../src/room/cluster/run-queue.js';
import { countAliveWorkers } from '../src/room/cluster/worker-registry.js';
import { readStarterFiles } from '../src/room/starter-files.js';
import { connectPeer, EditClock, type Peer, typeStamped } from './support/stamped-edits.js';

const SESSIONS = 50;
const EDITS_PER_CLIENT = 20;
const EDIT_EVERY_MS = 50;
const WARMUP_EDITS = 5;
const RUNS = 6;
const TOKEN = 'bench-cluster-token-0123456789abcdef';
const kit = join(import.meta.dirname, '../bin/kit.js');
const dir = mkdtempSync(join(tmpdir(), 'kit-bench-cluster-'));
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(args: string[], ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, [kit, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) resolve(m[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`kit ${args[0]} exited ${code}: ${out}`)));
  });
}

async function createSession(origin: string) {
  const res = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ level: 'level1' }),
  });
  const body = (await res.json()) as { session: { id: string }; links: Record<string, string> };
  const token = (role: string) => new URL(body.links[role] ?? '').searchParams.get('token') ?? '';
  return { id: body.session.id, interviewer: token('interviewer'), candidate: token('candidate') };
}

/** Runs the typing load over `origins` (participant k of a session on origins[(s + k) % n]). */
async function typingLoad(origins: string[]) {
  const clock = new EditClock();
  const sessions = [];
  for (let s = 0; s < SESSIONS; s += 1)
    sessions.push(await createSession(origins[s % origins.length] ?? ''));
  const peers: Peer[] = [];
  for (const [s, session] of sessions.entries()) {
    const tokens = [session.interviewer, session.candidate, session.candidate];
    for (const [k, token] of tokens.entries())
      peers.push(
        await connectPeer(origins[(s + k) % origins.length] ?? '', session.id, token, clock),
      );
  }
  const pace = { edits: EDITS_PER_CLIENT, everyMs: EDIT_EVERY_MS, warmup: WARMUP_EDITS };
  await typeStamped(peers, pace, clock);
  const expected = peers.length * EDITS_PER_CLIENT * 2;
  const deadline = Date.now() + 10_000;
  while (clock.seen < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  return { p50: clock.percentile(50), p99: clock.percentile(99), lost: expected - clock.seen };
}

try {
  const port = await freePort();
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  children.push(redis);
  const url = `redis://127.0.0.1:${port}`;
  let client = null;
  for (let i = 0; i < 50 && !client; i += 1) {
    client = await connectRedis(url).catch(() => null);
    if (!client) await new Promise((r) => setTimeout(r, 100));
  }
  if (!client) throw new Error('redis-server did not start');
  writeFileSync(join(dir, 'token'), TOKEN);
  const serveArgs = (name: string, redisToo: boolean) => [
    'serve',
    '--port',
    '0',
    '--data',
    join(dir, name),
    '--token-file',
    join(dir, 'token'),
    ...(redisToo ? ['--redis', url] : []),
  ];
  const room = /Interview room on (http:\/\/[^/\s]+)/;
  const single = await start(serveArgs('single', false), room);
  const one = await typingLoad([single]);
  console.log(
    `one instance, ${SESSIONS} sessions x 3: edit-to-peer p50 ${one.p50.toFixed(1)} ms, p99 ${one.p99.toFixed(1)} ms, lost ${one.lost}`,
  );
  const three = await Promise.all(['a', 'b', 'c'].map((n) => start(serveArgs(n, true), room)));
  const spread = await typingLoad(three);
  console.log(
    `three instances over Redis: edit-to-peer p50 ${spread.p50.toFixed(1)} ms, p99 ${spread.p99.toFixed(1)} ms, lost ${spread.lost} (target p99 < 50 ms: ${spread.p99 < 50 ? 'met' : 'MISSED'})`,
  );

  const queue = await createQueueRunner({ client });
  const files = readStarterFiles('level1');
  for (const workers of [1, 2]) {
    while ((await countAliveWorkers(client)) < workers)
      await start(['worker', '--redis', url], /Worker (\S+)/);
    const began = performance.now();
    await Promise.all(
      [...Array(RUNS)].map((_, i) =>
        queue.run({
          sessionId: `bench-${workers}-${i}`,
          levelId: 'level1',
          files,
          scope: 'visible',
          timeoutMs: 60_000,
        }),
      ),
    );
    const perMinute = (RUNS / (performance.now() - began)) * 60_000;
    console.log(
      `runs per minute with ${workers} worker(s): ${perMinute.toFixed(0)} (${RUNS} visible-test runs of level1's starter)`,
    );
  }
  await queue.close();
  client.destroy();
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
