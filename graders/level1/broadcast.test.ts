import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, type Harness, startHarness } from './support/harness.js';

afterEach(closeHarnesses);

function start(): Promise<Harness> {
  return startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
}

describe('broadcast', () => {
  it('[R2] delivers each message exactly once to each of the other clients', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    a.send('one from A');
    b.send('one from B');
    c.send('one from C');
    const seen = async (who: typeof a, count: number): Promise<string[]> => {
      const texts: string[] = [];
      for (let i = 0; i < count; i++)
        texts.push(await who.nextText(`message ${i + 1} of ${count}`));
      return texts.sort();
    };
    expect(await seen(a, 2)).toEqual(['one from B', 'one from C']);
    expect(await seen(b, 2)).toEqual(['one from A', 'one from C']);
    expect(await seen(c, 2)).toEqual(['one from A', 'one from B']);
    // Anything extra (an echo, a duplicate) would reach each client before these sentinels.
    a.send('sentinel from A');
    expect(await b.nextText('the sentinel from A')).toBe('sentinel from A');
    expect(await c.nextText('the sentinel from A')).toBe('sentinel from A');
    b.send('sentinel from B');
    expect(await a.nextText('the sentinel from B')).toBe('sentinel from B');
  });

  it("[R2] gives two concurrent senders only each other's messages", async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const count = 200;
    for (let i = 0; i < count; i++) {
      a.send(`A${i}`);
      b.send(`B${i}`);
    }
    for (let i = 0; i < count; i++) {
      expect(await a.nextText(`B's message ${i}`), "A must get only B's messages").toBe(`B${i}`);
      expect(await b.nextText(`A's message ${i}`), "B must get only A's messages").toBe(`A${i}`);
    }
    const c = await h.connect('C');
    c.send('sentinel from C');
    expect(await a.nextText('the sentinel from C')).toBe('sentinel from C');
    expect(await b.nextText('the sentinel from C')).toBe('sentinel from C');
  });

  it('[R7] delivers 500 messages from one sender to another in order', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    for (let i = 0; i < 500; i++) a.send(`message ${i}`);
    const received: string[] = [];
    for (let i = 0; i < 500; i++) received.push(await b.nextText(`message ${i} of 500`));
    expect(received).toEqual(Array.from({ length: 500 }, (_, i) => `message ${i}`));
  });

  it('[R7] keeps each sender in order when three clients send at once', async () => {
    const h = await start();
    const peers = [await h.connect('A'), await h.connect('B'), await h.connect('C')];
    const count = 100;
    for (let i = 0; i < count; i++) for (const peer of peers) peer.send(`${peer.name}:${i}`);
    for (const receiver of peers) {
      const next = new Map(peers.map((peer) => [peer.name, 0]));
      const others = peers.filter((peer) => peer !== receiver);
      while (others.some((peer) => (next.get(peer.name) ?? 0) < count)) {
        const text = await receiver.nextText(`the next message for ${receiver.name}`);
        const [from = '', index = ''] = text.split(':');
        // Echoes are R2's business; here only the order of each sender's messages counts.
        if (from === receiver.name) continue;
        expect(Number(index), `${receiver.name}: messages from ${from} out of order`).toBe(
          next.get(from),
        );
        next.set(from, Number(index) + 1);
      }
    }
  });
});
