import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, createHarness, startHarness } from './support/harness.js';
import { within } from './support/wait.js';

afterEach(closeHarnesses);

/** A bind succeeds or fails at once; this bound only catches a start() that never settles. */
const BIND_MS = 2_000;

/** A TCP server holding a port on 127.0.0.1 for the whole test; close it when done. */
async function occupyPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const holder = createServer();
  holder.listen(0, '127.0.0.1');
  await within(once(holder, 'listening'), 'a port to occupy');
  const address = holder.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    release: () => new Promise<void>((resolve) => holder.close(() => resolve())),
  };
}

describe('start', () => {
  it('[R1] starts with no options at all on a free port, and port reads the bound one', async () => {
    const h = createHarness(new ChatServer());
    const port = await within(h.start(), 'start() to resolve', BIND_MS);
    expect(port, 'start() resolves with the bound port, never 0').toBeGreaterThan(0);
    expect(h.server.port).toBe(port);
    const a = await h.connect('A');
    expect(a.socket.readyState).toBe(a.socket.OPEN);
  });

  it('[R1] listens on the exact port it is given', async () => {
    // Find a free port, let it go, and ask the server for it by number.
    const { port, release } = await occupyPort();
    await release();
    const h = createHarness(new ChatServer({ host: '127.0.0.1', port }));
    expect(await within(h.start(), 'start() to resolve', BIND_MS)).toBe(port);
    expect(h.server.port).toBe(port);
    await h.connect('A');
  });

  it('[R1] binds the loopback interface only when no host is given', async () => {
    const h = await startHarness(new ChatServer({ port: 0 }));
    const address = h.server.wss?.address();
    expect(typeof address === 'object' ? address?.address : address).toBe('127.0.0.1');
  });

  it('[R1] start() rejects when its port is taken, without crashing the process', async () => {
    // Control: the same server starts on a free port, so a rejection below is about the port.
    await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const { port, release } = await occupyPort();
    try {
      const h = createHarness(new ChatServer({ host: '127.0.0.1', port }));
      const outcome = await within(
        h.server.start().then(
          () => 'resolved',
          () => 'rejected',
        ),
        'start() on a port already in use to settle',
        BIND_MS,
      );
      expect(outcome, 'start() on a port already in use').toBe('rejected');
      h.throwIfCrashed();
    } finally {
      await release();
    }
  });

  it('[R1] counts the clients connected right now', async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    expect(h.server.clientCount).toBe(0);
    await h.connect('A');
    await h.connect('B');
    await h.connect('C');
    await h.clientCount(3);
  });

  it('[R1] port still reads the bound port after stop()', async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const port = h.server.port;
    await within(h.server.stop(), 'stop() to resolve');
    expect(h.server.port).toBe(port);
  });
});
