import { describe, expect, it } from 'vitest';
import { ChatServer as AttemptServer } from '#attempt/server';
import { ChatServer as ReferenceServer } from '#reference/server';

/** 50 members whose buffers hold 50,000 messages: 400 KB arrays, in V8's large-object space. */
const USERS = 50;
const BUFFER = 50_000;
/** Broadcasts per timed slice: 500 enqueues into full buffers. */
const SLICE = 10;
/** Timed slices per implementation, taken in alternating pairs. */
const PAIRS = 25;
/** Untimed broadcasts first, so both implementations run optimized code when timed. */
const WARMUP = 20;
/** How many times slower than the reference the attempt may be. */
const FACTOR = 5;

/** The part of a ChatServer this test drives. */
interface Broadcaster {
  join(roomId: string, userId: string): void;
  broadcast(roomId: string, userId: string, text: string): unknown;
}

const idle = { send: () => 'sent' as const };

/** A server whose members all have full buffers; the transport is never reached without ticks. */
function fullRoom(server: Broadcaster): Broadcaster {
  for (let u = 0; u < USERS; u++) server.join('big', `user-${u}`);
  for (let i = 0; i < BUFFER; i++) server.broadcast('big', 'host', 'fill');
  return server;
}

/** Milliseconds `count` broadcasts take. */
function timeBurst(server: Broadcaster, count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) server.broadcast('big', 'host', 'burst');
  return performance.now() - start;
}

/**
 * The lower quartile of a list of slice times. A busy machine only ever makes a slice slower
 * (preemption, a GC pause), so a low quantile is what the code itself costs.
 */
function lowerQuartile(values: number[]): number {
  const sorted = values.toSorted((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 4)] ?? Number.NaN;
}

describe('performance', () => {
  it('[R7] broadcasts into full 50,000-message buffers within 5x of the reference', () => {
    const attempt = new AttemptServer({ transport: idle, bufferSize: BUFFER });
    const reference = new ReferenceServer({ transport: idle, bufferSize: BUFFER });
    fullRoom(attempt);
    fullRoom(reference);
    timeBurst(attempt, WARMUP);
    timeBurst(reference, WARMUP);

    const expected = { queued: BUFFER, dropped: WARMUP, enqueued: BUFFER + WARMUP };
    expect(
      attempt.userMetrics('big', 'user-7'),
      'each member holds a full buffer and has dropped the overflow',
    ).toMatchObject(expected);

    // Alternate who goes first in each pair, so a slow phase of the machine hits both alike.
    const attemptMs: number[] = [];
    const referenceMs: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      if (pair % 2 === 0) {
        attemptMs.push(timeBurst(attempt, SLICE));
        referenceMs.push(timeBurst(reference, SLICE));
      } else {
        referenceMs.push(timeBurst(reference, SLICE));
        attemptMs.push(timeBurst(attempt, SLICE));
      }
    }
    const attemptCost = lowerQuartile(attemptMs);
    const referenceCost = lowerQuartile(referenceMs);
    const ratio = attemptCost / Math.max(referenceCost, 0.001);
    expect(
      ratio,
      `${SLICE} broadcasts into ${USERS} full buffers took ${attemptCost.toFixed(3)} ms against the reference's ${referenceCost.toFixed(3)} ms (${ratio.toFixed(1)}x). Is a full buffer dropping with Array.shift or splice, which copies the whole buffer?`,
    ).toBeLessThanOrEqual(FACTOR);
  });
});
