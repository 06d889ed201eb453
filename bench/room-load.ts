// Load on the room: 50 sessions, 3 participants each, all typing (Yjs edits) and chatting over
// loopback. Prints edit-to-peer latency p50/p99, server memory, and whether targets are met.
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { closePeer, connectPeer, EditClock, typeStamped } from './support/stamped-edits.js';

const SESSIONS = 50;
const EDITS_PER_CLIENT = 40;
const CHATS_PER_CLIENT = 5;
const EDIT_EVERY_MS = 50;
/** Each client's first edits are delivered and counted but not timed: they meet cold JIT code and
 * the tail of 150 joins, which says nothing about the room under steady load. */
const WARMUP_EDITS = 5;
/** Edits each client types first, right after the server started (2 s at the pace above). */
const COLD_EDITS = 40;
const TARGET_P99_MS = 50;

type Ready = { origin: string; sessions: { id: string; tokens: Record<string, string> }[] };
const clock = new EditClock();
const load = () => loadavg()[0]?.toFixed(2) ?? '?';
let chatsSeen = 0;

const child = fork(new URL('./support/room-load-server.js', import.meta.url), [String(SESSIONS)], {
  execArgv: ['--expose-gc'],
});
const ask = <T>(type: string): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    if (type !== 'ready') child.send({ type });
  });
const ready = await ask<Ready>('ready');
console.log(`machine: ${availableParallelism()} cores, load average ${load()} before`);
const idle = await ask<{ rss: number; cpuMs: number }>('memory');
const startedAt = performance.now();
const clientCpu = process.cpuUsage();
const clients = (
  await Promise.all(
    ready.sessions.map((s) =>
      Promise.all(
        [s.tokens.interviewer, s.tokens.candidate, s.tokens.candidate].map((t) =>
          connectPeer(ready.origin, s.id, t as string, clock, (m) => {
            if (m.type === 'chat') chatsSeen += 1;
          }),
        ),
      ),
    ),
  )
).flat();

// A fresh server runs the first second or two of typing while V8 still compiles its hot paths:
// the same load is typed once before, timed as the cold start, so the figures below are the
// room's steady state and the cold start is still shown.
await typeStamped(clients, { edits: COLD_EDITS, everyMs: EDIT_EVERY_MS, warmup: 0 }, clock);
const coldWait = Date.now() + 10_000;
while (clock.seen < clients.length * COLD_EDITS * 2 && Date.now() < coldWait)
  await new Promise((r) => setTimeout(r, 20));
const coldP99 = clock.percentile(99);
const coldLost = clients.length * COLD_EDITS * 2 - clock.seen;
clock.reset();

// Everyone types and chats at once; each edit carries a key the peers use to time its arrival.
await typeStamped(
  clients,
  { edits: EDITS_PER_CLIENT, everyMs: EDIT_EVERY_MS, warmup: WARMUP_EDITS },
  clock,
  ({ ws }, i, key) => {
    if (i % (EDITS_PER_CLIENT / CHATS_PER_CLIENT) === 0)
      ws.send(JSON.stringify({ type: 'chat', text: `m ${key}` }));
  },
);
const expectedEdits = clients.length * EDITS_PER_CLIENT * 2;
const expectedChats = clients.length * CHATS_PER_CLIENT * 3;
const deadline = Date.now() + 10_000;
while ((clock.seen < expectedEdits || chatsSeen < expectedChats) && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 20));
}
const loaded = await ask<{ rss: number; cpuMs: number }>('memory');
const wallMs = performance.now() - startedAt;
const clientCpuMs = process.cpuUsage(clientCpu).user / 1000;
for (const peer of clients) closePeer(peer);
child.send({ type: 'stop' });

const p99 = clock.percentile(99);
const lost = expectedEdits - clock.seen + (expectedChats - chatsSeen);
console.log(
  `room cold start (first ${COLD_EDITS} edits per client after the server started): p99 ${coldP99.toFixed(2)} ms, lost ${coldLost}`,
);
console.log(`room sessions: ${SESSIONS} count`);
console.log(`room participants: ${clients.length} count`);
console.log(`room edits delivered: ${clock.seen}/${expectedEdits} edits`);
console.log(`room chats delivered: ${chatsSeen}/${expectedChats} messages`);
const timed = `after ${WARMUP_EDITS} warm-up edits per client`;
console.log(`room edit-to-peer latency p50 (${timed}): ${clock.percentile(50).toFixed(2)} ms`);
console.log(`room edit-to-peer latency p99 (${timed}): ${p99.toFixed(2)} ms`);
console.log(`room server rss idle: ${(idle.rss / 1048576).toFixed(1)} MiB`);
console.log(`room server rss loaded: ${(loaded.rss / 1048576).toFixed(1)} MiB`);
console.log(`room server cpu: ${((100 * (loaded.cpuMs - idle.cpuMs)) / wallMs).toFixed(0)} %`);
console.log(`room client cpu: ${((100 * clientCpuMs) / wallMs).toFixed(0)} %`);
console.log(
  `room target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'missed'} bool`,
);
console.log(`machine: load average ${load()} after`);
console.log(`room target no message lost: ${lost === 0 ? 'met' : `missed (${lost} lost)`} bool`);
