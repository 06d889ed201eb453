// Load on the room: 50 sessions, 3 participants each, all typing (Yjs edits) and chatting over
// loopback. Prints edit-to-peer latency p50/p99, server memory, and whether targets are met.
import { fork } from 'node:child_process';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const SESSIONS = 50;
const EDITS_PER_CLIENT = 40;
const CHATS_PER_CLIENT = 5;
const EDIT_EVERY_MS = 50;
/** Each client's first edits are delivered and counted but not timed: they meet cold JIT code and
 * the tail of 150 joins, which says nothing about the room under steady load. */
const WARMUP_EDITS = 5;
const TARGET_P99_MS = 50;

type Ready = { origin: string; sessions: { id: string; tokens: Record<string, string> }[] };
const latencies: number[] = [];
const sentAt = new Map<string, number>();
let editsSeen = 0;
let chatsSeen = 0;

function connect(
  origin: string,
  id: string,
  token: string,
): Promise<{ ws: WebSocket; doc: Y.Doc }> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?token=${token}`);
  const doc = new Y.Doc();
  doc.getText('server.ts').observe((event) => {
    if (event.transaction.origin !== 'remote') return;
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const [, key] of op.insert.matchAll(/~(\d+\.\d+)~/g)) {
        const t = sentAt.get(key as string);
        if (t !== undefined) latencies.push(performance.now() - t);
        editsSeen += 1;
      }
    }
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    ws.send(encoding.toUint8Array(e));
  });
  return new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const m = JSON.parse(String(data)) as { type: string };
        if (m.type === 'chat') chatsSeen += 1;
        if (m.type === 'welcome') resolve({ ws, doc });
        return;
      }
      const d = decoding.createDecoder(new Uint8Array(data as Buffer));
      if (decoding.readVarUint(d) !== 0) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.readSyncMessage(d, e, doc, 'remote');
      if (encoding.length(e) > 1) ws.send(encoding.toUint8Array(e));
    });
    ws.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const child = fork(new URL('./support/room-load-server.js', import.meta.url), [String(SESSIONS)], {
  execArgv: ['--expose-gc'],
});
const ask = <T>(type: string): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    if (type !== 'ready') child.send({ type });
  });
const ready = await ask<Ready>('ready');
const idle = await ask<{ rss: number; cpuMs: number }>('memory');
const startedAt = performance.now();
const clientCpu = process.cpuUsage();
const clients = (
  await Promise.all(
    ready.sessions.map((s) =>
      Promise.all(
        [s.tokens.interviewer, s.tokens.candidate, s.tokens.candidate].map((t) =>
          connect(ready.origin, s.id, t as string),
        ),
      ),
    ),
  )
).flat();

// Everyone types and chats at once; each edit carries a key the peers use to time its arrival.
await Promise.all(
  clients.map(async ({ ws, doc }, c) => {
    // People do not type in lockstep: spread the clients' keystrokes over the interval.
    await new Promise((r) => setTimeout(r, (c * EDIT_EVERY_MS) / clients.length));
    for (let i = 0; i < EDITS_PER_CLIENT; i += 1) {
      const key = `${c}.${i}`;
      if (i >= WARMUP_EDITS) sentAt.set(key, performance.now());
      doc.getText('server.ts').insert(0, `~${key}~`);
      if (i % (EDITS_PER_CLIENT / CHATS_PER_CLIENT) === 0)
        ws.send(JSON.stringify({ type: 'chat', text: `m ${key}` }));
      await new Promise((r) => setTimeout(r, EDIT_EVERY_MS));
    }
  }),
);
const expectedEdits = clients.length * EDITS_PER_CLIENT * 2;
const expectedChats = clients.length * CHATS_PER_CLIENT * 3;
const deadline = Date.now() + 10_000;
while ((editsSeen < expectedEdits || chatsSeen < expectedChats) && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 20));
}
const loaded = await ask<{ rss: number; cpuMs: number }>('memory');
const wallMs = performance.now() - startedAt;
const clientCpuMs = process.cpuUsage(clientCpu).user / 1000;
for (const { ws } of clients) ws.close();
child.send({ type: 'stop' });

const sorted = latencies.sort((a, b) => a - b);
const p99 = percentile(sorted, 99);
const lost = expectedEdits - editsSeen + (expectedChats - chatsSeen);
console.log(`room sessions: ${SESSIONS} count`);
console.log(`room participants: ${clients.length} count`);
console.log(`room edits delivered: ${editsSeen}/${expectedEdits} edits`);
console.log(`room chats delivered: ${chatsSeen}/${expectedChats} messages`);
const timed = `after ${WARMUP_EDITS} warm-up edits per client`;
console.log(`room edit-to-peer latency p50 (${timed}): ${percentile(sorted, 50).toFixed(2)} ms`);
console.log(`room edit-to-peer latency p99 (${timed}): ${p99.toFixed(2)} ms`);
console.log(`room server rss idle: ${(idle.rss / 1048576).toFixed(1)} MiB`);
console.log(`room server rss loaded: ${(loaded.rss / 1048576).toFixed(1)} MiB`);
console.log(`room server cpu: ${((100 * (loaded.cpuMs - idle.cpuMs)) / wallMs).toFixed(0)} %`);
console.log(`room client cpu: ${((100 * clientCpuMs) / wallMs).toFixed(0)} %`);
console.log(
  `room target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'missed'} bool`,
);
console.log(`room target no message lost: ${lost === 0 ? 'met' : `missed (${lost} lost)`} bool`);
