import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { busyClock } from '../../support/trusted-clock.js';
import { type ChatServerLike, createHarness, type Harness } from './harness.js';
import { encodeFrame, Opcode, RawClient } from './raw-client.js';
import { until } from './wait.js';

/** The two registry sizes compared: a correct server does the same work per delivery at both. */
export const SMALL = 50;
export const LARGE = 500;
/** Deliveries timed in each burst at most, at either size. */
const MAX_DELIVERIES = 3_000_000;
/**
 * CPU time a timed burst aims at. busyClock advances in steps of up to a scheduler tick (4 ms), so
 * a burst must be long for its reading to be exact to a few percent; a slow server's bursts are
 * smaller rather than longer.
 */
const BURST_MS = 60;
/** A calibration burst this long, or longer, is long enough to size the timed ones. */
const CALIBRATED_MS = 15;
const ROUNDS = 5;
/**
 * How much dearer one delivery may get at the large size before the server fails. A correct
 * server stays near 1 (a bigger registry costs a little cache); one that copies or scans the
 * client list for each recipient does ten times that work at the large size.
 */
export const GROWTH = 3;

/** What measureGrowth found. */
export interface Growth {
  /** Median CPU nanoseconds per delivery at each size. */
  small: number;
  large: number;
  /** Whether the median at the large size stays under GROWTH times the small one. */
  ok: boolean;
}

/**
 * Clients whose server-side `send` only counts: the timed work is the server's own loop over its
 * registry, not ws's framing or the kernel's writes, whose cost per write grows with the number
 * of open sockets whatever the server does.
 */
interface Rig {
  sender: RawClient;
  receivers: number;
  frames: Buffer;
  perBurst: number;
  delivered: number;
  readonly updates: EventEmitter;
}

function framesFor(messages: number): Buffer {
  return Buffer.concat(
    Array.from({ length: messages }, (_, i) =>
      encodeFrame(Opcode.text, Buffer.from(`message ${String(i).padStart(5, '0')} of a burst`)),
    ),
  );
}

/** Sets how many messages each burst sends. */
function setMessages(r: Rig, messages: number): void {
  r.frames = framesFor(messages);
  r.perBurst = messages * r.receivers;
}

async function rig(h: Harness, receivers: number): Promise<Rig> {
  const r: Rig = {
    sender: undefined as unknown as RawClient,
    receivers,
    frames: Buffer.alloc(0),
    perBurst: 0,
    delivered: 0,
    updates: new EventEmitter(),
  };
  const count = (...args: unknown[]): void => {
    r.delivered++;
    r.updates.emit('update');
    // A server may wait for ws's callback; ws calls it later, never during send().
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback !== undefined) process.nextTick(callback);
  };
  // Every server-side socket counts instead of sending, the sender's included (a server that
  // echoes is R2's business). Set on 'connection', before the server can send to it.
  h.server.wss?.on('connection', (socket: WebSocket) => {
    socket.send = count as WebSocket['send'];
  });
  // Connected in parallel batches: the connections are set-up, not what is measured.
  for (let first = 0; first < receivers; first += 100) {
    const batch = Array.from({ length: Math.min(100, receivers - first) }, (_, i) =>
      RawClient.connect(h.port, `receiver ${first + i}`),
    );
    for (const raw of await Promise.all(batch)) h.raws.add(raw);
  }
  r.sender = await RawClient.connect(h.port, 'the sender');
  h.raws.add(r.sender);
  await h.clientCount(receivers + 1);
  return r;
}

/** CPU milliseconds (see busyClock) from writing a burst until the server has relayed it all. */
async function burst(r: Rig): Promise<number> {
  const target = r.delivered + r.perBurst;
  const started = busyClock();
  r.sender.write(r.frames);
  await until(
    r.updates,
    'update',
    () => r.delivered >= target,
    `the server to relay a burst of ${r.perBurst} deliveries`,
    () => `${r.perBurst - (target - r.delivered)} made`,
  );
  return busyClock() - started;
}

/**
 * Times bursts until the median of ROUNDS is known to be under or over `limit` (a majority on
 * one side decides it), so a slow server stops early; returns nanoseconds per delivery.
 */
async function rounds(r: Rig, limit: number): Promise<number> {
  const majority = Math.floor(ROUNDS / 2) + 1;
  const times: number[] = [];
  while (times.length < ROUNDS) {
    times.push(await burst(r));
    const over = times.filter((t) => t > limit).length;
    if (over >= majority || times.length - over >= majority) break;
  }
  const sorted = times.sort((x, y) => x - y);
  return ((sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) * 1e6) / r.perBurst;
}

/** Measures the CPU cost per delivery with SMALL and with LARGE clients connected. */
export async function measureGrowth(makeServer: () => ChatServerLike): Promise<Growth> {
  let deliveries = 0;
  const costAt = async (receivers: number, limitNs: number): Promise<number> => {
    const h = createHarness(makeServer());
    try {
      await h.start();
      const r = await rig(h, receivers);
      if (deliveries === 0) {
        // Warm-up and calibration: bursts four times larger each until one lasts CALIBRATED_MS;
        // they compile the server's hot path, and the last one sizes the timed bursts (the same
        // number of deliveries at both sizes).
        let messages = 10;
        let elapsed = 0;
        for (;;) {
          setMessages(r, messages);
          elapsed = await burst(r);
          if (elapsed >= CALIBRATED_MS || r.perBurst * 4 > MAX_DELIVERIES) break;
          messages *= 4;
        }
        const perDelivery = Math.max(elapsed, 1) / r.perBurst;
        deliveries = Math.min(MAX_DELIVERIES, Math.max(receivers, BURST_MS / perDelivery));
      }
      setMessages(r, Math.max(1, Math.round(deliveries / receivers)));
      return await rounds(r, (limitNs * r.perBurst) / 1e6);
    } finally {
      await h.close();
    }
  };
  const small = await costAt(SMALL, Number.POSITIVE_INFINITY);
  const large = await costAt(LARGE, small * GROWTH);
  return { small, large, ok: large < small * GROWTH };
}
