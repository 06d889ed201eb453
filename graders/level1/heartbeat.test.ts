import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, startHarness } from './support/harness.js';
import { within } from './support/wait.js';

afterEach(closeHarnesses);

describe('heartbeat', () => {
  it('[R10] sends no pings when heartbeatMs is not given', async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const a = await h.connect('A');
    const b = await h.connect('B');
    // Proof by a stream of round trips rather than a pause: a server that pings with no interval
    // set (setInterval(..., undefined) fires every millisecond) shows up before they end.
    for (let i = 0; i < 100; i++) {
      a.send(`ping-free ${i}`);
      await b.textsUntil(`ping-free ${i}`);
      b.send(`reply ${i}`);
      await a.textsUntil(`reply ${i}`);
    }
    expect(a.pings + b.pings, 'pings sent without heartbeatMs').toBe(0);
  });

  it('[R10] with heartbeatMs set, drops a client that answers no pings', async () => {
    const heartbeatMs = 50;
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0, heartbeatMs }));
    // A hand-spoken client never answers a ping. The task allows two unanswered pings: the next
    // time a ping is due, the client is dropped instead.
    const { raw } = await h.connectRaw('a silent client');
    await within(raw.closed(), 'the server to drop the silent client', 40 * heartbeatMs);
    expect(
      raw.frames.pings,
      'pings the silent client got before it was dropped',
    ).toBeLessThanOrEqual(2);
    expect(raw.frames.pings, 'a client is pinged before it is dropped').toBeGreaterThanOrEqual(1);
  });

  it('[R10] keeps a client that answers every ping', async () => {
    // Long enough that a loaded machine answers each ping before the next, even for a server
    // that drops a client after one missed pong.
    const heartbeatMs = 150;
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0, heartbeatMs }));
    const a = await h.connect('A');
    const b = await h.connect('B');
    // ws answers each ping with a pong on its own. Five pings span more than the three intervals
    // in which a silent client must be gone; A must outlive them and still get messages.
    await a.pinged(5, 50 * heartbeatMs);
    b.send('after five pings');
    await a.textsUntil('after five pings');
    expect(h.server.clientCount).toBe(2);
  });
});
