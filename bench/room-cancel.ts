// Cancel in the room, with the real engine in the jail: a candidate's visible run of level1 whose
// module prints a line and then loops forever. Cancel goes out when that line arrives (the run is
// in the loop); the figure is the time from Cancel to the run's result, and from Run to the line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { kitRoot } from '../src/paths.js';
import { RoomServer } from '../src/room/room-server.js';

const RUNS = 5;
const TARGET_MS = 1000;

const starter = readFileSync(join(kitRoot, 'levels/level1/src/server.ts'), 'utf8');
const looping = `console.log('in the loop');\nwhile (true) {}\n${starter}`;

/** One run: milliseconds from Run to the first output, and from Cancel to the result. */
function cancelOnce(origin: string, id: string, token: string): Promise<[number, number]> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?token=${token}&name=Ada`);
  let runAt = 0;
  let cancelAt = 0;
  return new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as { type: string; runId?: number; stopped?: unknown };
      if (m.type === 'welcome') {
        runAt = performance.now();
        ws.send(JSON.stringify({ type: 'run.request' }));
      } else if (m.type === 'run.output' && cancelAt === 0) {
        cancelAt = performance.now();
        ws.send(JSON.stringify({ type: 'run.cancel', runId: m.runId }));
      } else if (m.type === 'run.result') {
        if (cancelAt === 0) reject(new Error(`the run ended before it printed: ${String(data)}`));
        const done = performance.now();
        ws.once('close', () => resolve([cancelAt - runAt, done - cancelAt]));
        ws.close();
      }
    });
    ws.on('error', reject);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), 'kit-bench-cancel-'));
const server = await RoomServer.start({
  dataDir,
  heartbeatMs: 0,
  starterFiles: () => ({ 'server.ts': looping }),
  log: () => {},
});
try {
  const toOutput: number[] = [];
  const toResult: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const session = server.createSession('level1', `cancel ${i}`);
    const [printed, cancelled] = await cancelOnce(
      server.origin,
      session.id,
      session.tokens.candidate,
    );
    toOutput.push(printed);
    toResult.push(cancelled);
  }
  const fmt = (ms: number) => `${Math.round(ms)} ms`;
  console.log(`load average (1 min): ${loadavg()[0]?.toFixed(2)}`);
  console.log(`run to first output: ${fmt(median(toOutput))} median of ${RUNS}`);
  console.log(
    `cancel to result: ${fmt(median(toResult))} median of ${RUNS} (max ${fmt(Math.max(...toResult))}; target under ${TARGET_MS} ms)`,
  );
  if (median(toResult) > TARGET_MS) process.exitCode = 1;
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
