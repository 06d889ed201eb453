import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { busyClockKind } from '../support/trusted-clock.js';
import { GROWTH, LARGE, measureGrowth, SMALL } from './support/delivery-cost.js';
import { closeHarnesses } from './support/harness.js';

afterEach(closeHarnesses);

// R9 connects 550 clients, seconds on a busy machine: it has 30 s instead of the engine's 10 s.
describe('performance', () => {
  it('[R9] spends no more per delivered message with 500 clients than with 50', async () => {
    // Growth, not speed: a server's constant factor cancels out; only work that grows with the
    // number of clients for each recipient (a copy or scan of the registry) fails.
    const { small, large } = await measureGrowth(
      () => new ChatServer({ host: '127.0.0.1', port: 0 }),
    );
    expect(
      large / small,
      `${busyClockKind} per delivery: ${small.toFixed(0)} ns with ${SMALL} clients, ` +
        `${large.toFixed(0)} ns with ${LARGE} (at most ${GROWTH}x allowed)`,
    ).toBeLessThan(GROWTH);
  }, 30_000);
});
