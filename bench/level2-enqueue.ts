import { RingBuffer } from '../solutions/level2/ring-buffer.js';
import { ChatServer } from '../solutions/level2/server.js';

// Level 2: how fast the reference fanout queues messages into members' buffers once they are
// full (every enqueue also drops the oldest message), next to an Array.shift queue doing the same
// in the same run. Target: 10 million messages/s for the reference. Prints `label: value unit`.

const USERS = 100;
const BUFFER = 50_000;
const TRIALS = 5;

/** An Array.shift queue, the usual first attempt; O(n) per drop once the array is large. */
class ShiftQueue<T> {
  readonly #items: T[] = [];
  constructor(readonly capacity: number) {}
  push(item: T): boolean {
    this.#items.push(item);
    if (this.#items.length <= this.capacity) return false;
    this.#items.shift();
    return true;
  }
}

const median = (values: number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Median rate over TRIALS runs of `run`, which performs `operations` operations per call. */
function rate(operations: number, run: () => void): number {
  const rates: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    globalThis.gc?.();
    const start = performance.now();
    run();
    rates.push(operations / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

const print = (label: string, value: number, unit: string) =>
  console.log(`${label}: ${Math.round(value)} ${unit}`);

// The whole fanout: a room of USERS members with full buffers; each broadcast enqueues USERS times.
const server = new ChatServer({ transport: { send: () => 'sent' }, bufferSize: BUFFER });
for (let u = 0; u < USERS; u++) server.join('big', `user-${u}`);
for (let i = 0; i < BUFFER; i++) server.broadcast('big', 'host', 'fill');
const broadcasts = 20_000;
const fanout = rate(broadcasts * USERS, () => {
  for (let i = 0; i < broadcasts; i++) server.broadcast('big', 'host', 'bench');
});
print(
  `reference fanout enqueue into full buffers, ${USERS} users x ${BUFFER} (target 10000000)`,
  fanout,
  'messages/s',
);

// The queues alone, one full buffer each.
const message = { id: 'm', roomId: 'big', userId: 'host', text: 'bench', seq: 1 };
const ring = new RingBuffer<typeof message>(BUFFER);
for (let i = 0; i < BUFFER; i++) ring.push(message);
const ringPushes = 10_000_000;
const ringRate = rate(ringPushes, () => {
  for (let i = 0; i < ringPushes; i++) ring.push(message);
});
print(`reference RingBuffer push into a full ${BUFFER} buffer`, ringRate, 'messages/s');

const shifting = new ShiftQueue<typeof message>(BUFFER);
for (let i = 0; i < BUFFER; i++) shifting.push(message);
const shiftPushes = 1_000;
const shiftRate = rate(shiftPushes, () => {
  for (let i = 0; i < shiftPushes; i++) shifting.push(message);
});
print(`Array.shift queue push into a full ${BUFFER} buffer`, shiftRate, 'messages/s');
console.log(`RingBuffer speed-up over Array.shift: ${(ringRate / shiftRate).toFixed(0)} x`);
