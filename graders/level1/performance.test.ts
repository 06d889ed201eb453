import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { ChatServer as ReferenceServer } from '#reference/server';
import { busyClock, busyClockKind } from './support/cpu-time.js';
import { closeHarnesses, type Harness, startHarness } from './support/harness.js';
import { encodeFrame, Opcode, type RawClient } from './support/raw-client.js';

afterEach(closeHarnesses);

const RECEIVERS = 100;
const MESSAGES = 50;
const ROUNDS = 7;
/** Generous on purpose: only a server doing far more work per message than it needs fails. */
const FACTOR = 3;
/** Wall time for the timed rounds: a very slow candidate stops early, not at the test timeout. */
const BUDGET_MS = 2_000;

interface Rig {
  name: string;
  sender: RawClient;
  /** Paused while a burst is timed, so their reads do not count against the server. */
  receivers: RawClient[];
  /** Connected last and always reading: its last frame marks the end of the server's work. */
  probe: RawClient;
  sent: number;
}

async function rig(name: string, h: Harness): Promise<Rig> {
  const receivers: RawClient[] = [];
  for (let i = 0; i < RECEIVERS; i++) receivers.push((await h.connectRaw(`receiver ${i}`)).raw);
  const { raw: probe } = await h.connectRaw('the probe');
  const { raw: sender } = await h.connectRaw('the sender');
  return { name, sender, receivers, probe, sent: 0 };
}

/** Milliseconds (see busyClock) from writing the burst until the server has relayed all of it. */
async function burst(rig: Rig, frames: Buffer): Promise<number> {
  for (const receiver of rig.receivers) receiver.pause();
  rig.sent += MESSAGES;
  const started = busyClock();
  rig.sender.write(frames);
  await rig.probe.receivedFrames(rig.sent, `the ${rig.name} to relay a burst of ${MESSAGES}`);
  const elapsed = busyClock() - started;
  // Untimed: every receiver must still get the whole burst.
  for (const receiver of rig.receivers) receiver.resume();
  for (const [i, receiver] of rig.receivers.entries()) {
    await receiver.receivedFrames(rig.sent, `receiver ${i} of the ${rig.name} to get the burst`);
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length / 2;
  const upper = sorted[Math.floor(middle)] ?? Number.NaN;
  return Number.isInteger(middle) ? ((sorted[middle - 1] ?? upper) + upper) / 2 : upper;
}

describe('performance', () => {
  it('[R9] fans out small messages to 100 clients within 3x the time of the reference', async () => {
    const candidate = await rig(
      'candidate server',
      await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 })),
    );
    const reference = await rig(
      'reference server',
      await startHarness(new ReferenceServer({ host: '127.0.0.1', port: 0 })),
    );
    const frames = Buffer.concat(
      Array.from({ length: MESSAGES }, (_, i) =>
        encodeFrame(Opcode.text, Buffer.from(`message ${String(i).padStart(4, '0')} of a burst`)),
      ),
    );
    // One warm-up burst each, then alternate so load on the machine falls on both alike.
    await burst(reference, frames);
    await burst(candidate, frames);
    const times = { candidate: [] as number[], reference: [] as number[] };
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      times.reference.push(await burst(reference, frames));
      times.candidate.push(await burst(candidate, frames));
      if (performance.now() - started > BUDGET_MS) break;
    }
    const ratio = median(times.candidate) / median(times.reference);
    expect(
      ratio,
      `median burst, ${busyClockKind}: candidate ${median(times.candidate).toFixed(1)} ms, ` +
        `reference ${median(times.reference).toFixed(1)} ms`,
    ).toBeLessThan(FACTOR);
  });
});
