import type { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, createHarness, startHarness } from './support/harness.js';
import { encodeFrame, Opcode } from './support/raw-client.js';
import { type TimerTracker, trackTimers } from './support/timers.js';
import { within } from './support/wait.js';

let timers: TimerTracker | undefined;

/** "Promptly", as the task states it: stop() resolves within 2 seconds. */
const STOP_MS = 2_000;

afterEach(async () => {
  timers?.restore();
  timers = undefined;
  await closeHarnesses();
});

/** How many of one kind of handle keep this thread's event loop alive. */
function activeHandles(kind: string): number {
  return process.getActiveResourcesInfo().filter((name) => name === kind).length;
}

function listenerCounts(emitter: EventEmitter): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of emitter.eventNames()) counts[String(name)] = emitter.listenerCount(name);
  return counts;
}

describe('stop', () => {
  it('[R8] stop() with clients connected resolves promptly and closes every client', async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const peers = [await h.connect('A'), await h.connect('B'), await h.connect('C')];
    peers[0]?.send('one message, so the clients are busy');
    await within(h.server.stop(), 'stop() to resolve with three clients connected', STOP_MS);
    for (const peer of peers) {
      await peer.closed(`${peer.name} to see its connection close`);
      await h.serverSideClosed(peer);
    }
  });

  it('[R8] stop() resolves promptly even when a client ignores the close handshake', async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const a = await h.connect('A');
    // A raw client never answers a close frame; ws alone would wait 30 s for it.
    const { raw } = await h.connectRaw('a silent client');
    raw.write(encodeFrame(Opcode.text, Buffer.from('hi')));
    expect(await a.nextNew("the silent client's message")).toBe('hi');
    await within(
      h.server.stop(),
      'stop() to resolve while a client ignores the close handshake',
      STOP_MS,
    );
    await within(raw.closed(), 'the silent client to be disconnected', STOP_MS);
    await a.closed();
  });

  it("[R8] stop() resolves only once the server's end of every connection has closed", async () => {
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    const peers = [await h.connect('A'), await h.connect('B'), await h.connect('C')];
    // Read the server's sockets at the moment stop() resolves, before anything else can run.
    const states = h.server.stop().then(() => peers.map((peer) => peer.serverSide?.readyState));
    expect(await within(states, 'stop() to resolve', STOP_MS)).toEqual(
      peers.map(() => WebSocket.CLOSED),
    );
  });

  it('[R8] stop() called again, or before start(), resolves at once', async () => {
    const never = new ChatServer({ host: '127.0.0.1', port: 0 });
    await within(never.stop(), 'stop() before start() to resolve', STOP_MS);
    const h = await startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
    await h.connect('A');
    await within(h.server.stop(), 'stop() to resolve', STOP_MS);
    await within(h.server.stop(), 'a second stop() to resolve', STOP_MS);
  });

  it('[R8] stop() closes the listening socket and removes what it added to process', async () => {
    const server = new ChatServer({ host: '127.0.0.1', port: 0 });
    const h = createHarness(server);
    const listeningBefore = activeHandles('TCPServerWrap');
    const processBefore = listenerCounts(process);
    await h.start();
    expect(activeHandles('TCPServerWrap'), 'a listening socket while running').toBe(
      listeningBefore + 1,
    );
    const a = await h.connect('A');
    const b = await h.connect('B');
    a.send('hello');
    expect(await b.nextNew('a message before stop()')).toBe('hello');
    await within(server.stop(), 'stop() to resolve');
    await a.closed();
    await b.closed();
    expect(activeHandles('TCPServerWrap'), 'listening sockets left open after stop()').toBe(
      listeningBefore,
    );
    expect(listenerCounts(process), 'listeners left on process after stop()').toEqual(
      processBefore,
    );
  });

  it('[R8] stop() clears every timer the server started, a heartbeat included', async () => {
    timers = trackTimers();
    const h = await startHarness(
      new ChatServer({ host: '127.0.0.1', port: 0, heartbeatMs: 1_000 }),
    );
    const a = await h.connect('A');
    const b = await h.connect('B');
    a.send('hello');
    expect(await b.nextNew('a message before stop()')).toBe('hello');
    await within(h.server.stop(), 'stop() to resolve');
    await a.closed();
    await b.closed();
    // Once the server's own sockets have closed, ws has cleared their close timers too.
    await h.serverSideClosed(a);
    await h.serverSideClosed(b);
    expect(timers.pending(), 'timers still due after stop(): they keep the process alive').toEqual(
      [],
    );
  });
});
