import type { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, type Harness, startHarness } from './support/harness.js';

afterEach(closeHarnesses);

function start(): Promise<Harness> {
  return startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
}

/** Every listener on an emitter, by event name. */
function listenerCounts(emitter: EventEmitter): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of emitter.eventNames()) counts[String(name)] = emitter.listenerCount(name);
  return counts;
}

describe('cleanup', () => {
  it('[R4] drops a client that closes cleanly from the count', async () => {
    const h = await start();
    await h.connect('A');
    const b = await h.connect('B');
    await h.clientCount(2);
    b.socket.close(1000, 'bye');
    await b.closed();
    await h.forgotten(b, 1);
  });

  it('[R4] drops a terminated client and keeps relaying to the rest', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    const d = await h.connect('D');
    c.socket.terminate();
    await h.forgotten(c, 3);
    a.send('after C left');
    expect(await b.nextNew('the message sent after C left')).toBe('after C left');
    expect(await d.nextNew('the message sent after C left')).toBe('after C left');
    h.throwIfCrashed();
  });

  it('[R4] returns to its baseline client and listener counts after 200 connect/disconnect cycles', async () => {
    const h = await start();
    const a = await h.connect('A');
    const wss = h.server.wss;
    if (wss === undefined) throw new Error('ChatServer.wss is undefined while running');
    const serverBaseline = listenerCounts(wss);
    const processBaseline = listenerCounts(process);
    for (let i = 0; i < 200; i++) {
      const peer = await h.connect(`cycle ${i}`);
      if (i % 10 === 0) {
        peer.send(`hello ${i}`);
        expect(await a.nextNew(`the message of cycle ${i}`)).toBe(`hello ${i}`);
      }
      // Half leave politely, half vanish: both must be forgotten.
      if (i % 2 === 0) peer.socket.close();
      else peer.socket.terminate();
      await peer.closed();
      await h.forgotten(peer, 1);
      h.peers.delete(peer);
    }
    expect(h.server.clientCount).toBe(1);
    expect(listenerCounts(wss), 'listeners on the WebSocketServer').toEqual(serverBaseline);
    expect(listenerCounts(process), 'listeners on process').toEqual(processBaseline);
    const b = await h.connect('B');
    b.send('still here');
    expect(await a.nextNew('a message after the cycles')).toBe('still here');
  });
});
