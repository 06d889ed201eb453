import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { encodeFrame, Opcode, RawClient } from '../graders/level1/support/raw-client.js';
import { within } from '../graders/level1/support/wait.js';

// Deliveries per second of the level 1 reference server next to the plain broadcast loop from ws's
// README, each in its own child process, fanning out to 100 and then 1,000 loopback clients.
// Prints `label: value unit` lines. Alternating rounds, median of each; 10-30 s in all.

const SERVER_SCRIPT = join(import.meta.dirname, 'support', 'level1-fanout-server.js');
const ROUNDS = 5;
/** Messages per burst for each fan-out size: 30,000 deliveries a burst either way. */
const SIZES = [
  { clients: 100, messages: 300 },
  { clients: 1_000, messages: 30 },
] as const;
const BURST_LIMIT_MS = 30_000;
/** The whole benchmark gives up past this, whatever is still running. */
const OVERALL_LIMIT_MS = 90_000;

type Mode = 'reference' | 'plain';

interface Rig {
  mode: Mode;
  child: ChildProcess;
  sender: RawClient;
  receivers: RawClient[];
  sent: number;
}

async function startServer(mode: Mode): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(SERVER_SCRIPT, [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await within(once(child, 'message'), `the ${mode} server to start`)) as [
    { port: number },
  ];
  return { child, port: message.port };
}

async function rig(mode: Mode, clients: number): Promise<Rig> {
  const { child, port } = await startServer(mode);
  const receivers: RawClient[] = [];
  // Connect in small batches: quick, without a thousand handshakes in flight at once.
  for (let i = 0; i < clients; i += 50) {
    const batch = Math.min(50, clients - i);
    const opened = await Promise.all(
      Array.from({ length: batch }, (_, j) => RawClient.connect(port, `receiver ${i + j}`)),
    );
    receivers.push(...opened);
  }
  const sender = await RawClient.connect(port, 'the sender');
  return { mode, child, sender, receivers, sent: 0 };
}

async function teardown(rig: Rig): Promise<void> {
  for (const client of [rig.sender, ...rig.receivers]) client.destroy();
  const exited = once(rig.child, 'exit');
  rig.child.send('stop');
  await within(exited, `the ${rig.mode} server to exit`).catch(() => rig.child.kill('SIGKILL'));
}

/** Deliveries per second for one burst: every receiver gets every message. */
async function burst(rig: Rig, frames: Buffer, messages: number): Promise<number> {
  rig.sent += messages;
  const started = performance.now();
  rig.sender.write(frames);
  await Promise.all(
    rig.receivers.map((receiver, i) =>
      receiver.receivedFrames(rig.sent, `receiver ${i} of the ${rig.mode} server`, BURST_LIMIT_MS),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  return (messages * rig.receivers.length) / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measure(clients: number, messages: number): Promise<void> {
  const frames = Buffer.concat(
    Array.from({ length: messages }, (_, i) =>
      encodeFrame(Opcode.text, Buffer.from(`message ${String(i).padStart(5, '0')} of a burst`)),
    ),
  );
  const reference = await rig('reference', clients);
  const plain = await rig('plain', clients);
  try {
    await burst(reference, frames, messages);
    await burst(plain, frames, messages);
    const rates: Record<Mode, number[]> = { reference: [], plain: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rates.reference.push(await burst(reference, frames, messages));
      rates.plain.push(await burst(plain, frames, messages));
    }
    const ours = median(rates.reference);
    const theirs = median(rates.plain);
    console.log(`level1 fanout x${clients} reference: ${Math.round(ours)} deliveries/s`);
    console.log(`level1 fanout x${clients} plain ws loop: ${Math.round(theirs)} deliveries/s`);
    console.log(`level1 fanout x${clients} reference/plain: ${(ours / theirs).toFixed(2)} ratio`);
  } finally {
    await Promise.all([teardown(reference), teardown(plain)]);
  }
}

async function main(): Promise<void> {
  const guard = setTimeout(() => {
    console.error(`level1 fanout: gave up after ${OVERALL_LIMIT_MS / 1000} s`);
    process.exit(1);
  }, OVERALL_LIMIT_MS);
  guard.unref();
  for (const { clients, messages } of SIZES) await measure(clients, messages);
  clearTimeout(guard);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
