// What holding events until Redis stored them costs: chat latency on one `kit serve` alone and on
// one `kit serve --redis`, same build, same run. Sequential chats (the next goes once the last one
// arrived, one on each server in turn), so each figure is one event's way through the room, not a
// queue. Needs redis-server on PATH. Run: `npm run build && node dist/bench/run.js room-acked`.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import {
  createBenchSession,
  freePort,
  ROOM_READY,
  startKit,
  startProcess,
} from './support/kit-processes.js';

const CHATS = 400;
const WARMUP = 50;
const TOKEN = 'acked-latency-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'kit-acked-latency-'));
const children: ChildProcess[] = [];

interface ServerMessage {
  type: string;
  text?: string;
}

/** A participant: its socket and a wait for the next message that passes a check. */
interface Participant {
  ws: WebSocket;
  next(check: (m: ServerMessage) => boolean): Promise<ServerMessage>;
}

/** The two participants of one room and the latencies measured on it. */
interface BenchRoom {
  interviewer: Participant;
  candidate: Participant;
  echo: number[];
  peer: number[];
}

/** Joins a room and resolves once its welcome came. */
async function joinRoom(origin: string, id: string, token: string, name: string) {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?token=${token}&name=${name}`);
  const waiting = new Set<(m: ServerMessage) => boolean>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const m = JSON.parse(String(data)) as ServerMessage;
    for (const w of [...waiting]) if (w(m)) waiting.delete(w);
  });
  const next = (check: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) =>
      waiting.add((m) => {
        if (!check(m)) return false;
        resolve(m);
        return true;
      }),
    );
  await next((m) => m.type === 'welcome');
  return { ws, next };
}

/** Opens a session on `origin` with an interviewer and a candidate in its room. */
async function openRoom(origin: string): Promise<BenchRoom> {
  const { id, tokens } = await createBenchSession(origin, TOKEN);
  const interviewer = await joinRoom(origin, id, tokens.interviewer, 'Ivy');
  const candidate = await joinRoom(origin, id, tokens.candidate, 'Cam');
  return { interviewer, candidate, echo: [], peer: [] };
}

/** One chat from the candidate: ms to its echo (the acknowledgement) and to the interviewer. */
async function chatOnce(room: BenchRoom, text: string, keep: boolean): Promise<void> {
  const isIt = (m: ServerMessage) => m.type === 'chat' && m.text === text;
  const t0 = performance.now();
  const echoed = room.candidate.next(isIt).then(() => performance.now() - t0);
  const seen = room.interviewer.next(isIt).then(() => performance.now() - t0);
  room.candidate.ws.send(JSON.stringify({ type: 'chat', text }));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to "${text}" within 5 s`)), 5_000);
  });
  const [e, p] = await Promise.race([Promise.all([echoed, seen]), late]);
  clearTimeout(timer);
  if (keep) {
    room.echo.push(e);
    room.peer.push(p);
  }
}

function report(label: string, room: BenchRoom) {
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
  };
  const f = (x: number) => x.toFixed(3);
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
  await startProcess(
    children,
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /(Ready to accept connections)/,
  );
  const serve = async (name: string, extra: string[]) =>
    (
      await startKit(
        children,
        ['serve', '--port', '0', '--data', join(dir, name), '--token-file', tokenFile, ...extra],
        ROOM_READY,
      )
    ).match;
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
  const [a, r] = [
    report('kit serve', rooms[0] as BenchRoom),
    report('kit serve --redis', rooms[1] as BenchRoom),
  ];
  console.log(
    `added by --redis (p50): echo ${(r.echo - a.echo).toFixed(3)} ms, to peer ${(r.peer - a.peer).toFixed(3)} ms`,
  );
} finally {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
