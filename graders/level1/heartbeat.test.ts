import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, startHarness } from './support/harness.js';
import { within } from './support/wait.js';

afterEach(closeHarnesses);

describe('heartbeat', () => {
  it('[R10] with heartbeatMs set, drops a client that answers no pings', async () => {
    const heartbeatMs = 50;
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0, heartbeatMs }));
    await h.connect('A');
    // A hand-spoken client never answers a ping; the task allows two unanswered pings.
    const { raw } = await h.connectRaw('a silent client');
    await within(raw.closed(), 'the server to drop the silent client', 40 * heartbeatMs);
    await h.clientCount(1);
  });

  it('[R10] keeps a client that answers every ping', async () => {
    const heartbeatMs = 100;
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0, heartbeatMs }));
    const a = await h.connect('A');
    const b = await h.connect('B');
    // ws answers each ping with a pong on its own. Five pings span more than the three intervals
    // in which a silent client must be gone; A must outlive them and still get messages.
    await a.pinged(5, 50 * heartbeatMs);
    b.send('after five pings');
    expect(await a.textsUntil('after five pings')).toEqual([]);
    expect(h.server.clientCount).toBe(2);
  });
});
