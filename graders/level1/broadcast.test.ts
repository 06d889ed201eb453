import { afterEach, describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, type Harness, type Peer, startHarness } from './support/harness.js';

afterEach(closeHarnesses);

const MiB = 1024 * 1024;

function start(): Promise<Harness> {
  return startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
}

/** The next `count` messages of `peer`, sorted: R2 asks what arrives, not in which order. */
async function multiset(peer: Peer, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) texts.push(await peer.nextText(`message ${i + 1} of ${count}`));
  return texts.sort();
}

/**
 * Reads `peer`'s messages until each of `tags` has been seen, and returns the tags in the order
 * they first arrived. Duplicates (R2's business) are skipped, so only the order is judged.
 */
async function firstArrivals(
  peer: Peer,
  tags: string[],
  tagOf: (text: string) => string,
): Promise<string[]> {
  const wanted = new Set(tags);
  const seen: string[] = [];
  while (seen.length < wanted.size) {
    const tag = tagOf(await peer.nextText(`the next of ${tags.length} messages`));
    if (wanted.has(tag) && !seen.includes(tag)) seen.push(tag);
  }
  return seen;
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
    // Anything extra (an echo, a duplicate) reaches each client before the sentinels that follow.
    expect(await multiset(a, 2)).toEqual(['one from B', 'one from C']);
    expect(await multiset(b, 2)).toEqual(['one from A', 'one from C']);
    expect(await multiset(c, 2)).toEqual(['one from A', 'one from B']);
    a.send('sentinel from A');
    expect(await b.textsUntil('sentinel from A')).toEqual([]);
    expect(await c.textsUntil('sentinel from A')).toEqual([]);
    b.send('sentinel from B');
    expect(await a.textsUntil('sentinel from B')).toEqual([]);
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
    const expected = (who: string): string[] =>
      Array.from({ length: count }, (_, i) => `${who}${i}`).sort();
    expect(await multiset(a, count), "A must get only B's messages").toEqual(expected('B'));
    expect(await multiset(b, count), "B must get only A's messages").toEqual(expected('A'));
    const c = await h.connect('C');
    c.send('sentinel from C');
    expect(await a.textsUntil('sentinel from C')).toEqual([]);
    expect(await b.textsUntil('sentinel from C')).toEqual([]);
  });

  it('[R7] delivers 500 messages from one sender to another in order', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const sent = Array.from({ length: 500 }, (_, i) => `message ${i}`);
    for (const text of sent) a.send(text);
    expect(await firstArrivals(b, sent, (text) => text)).toEqual(sent);
  });

  it('[R7] keeps each sender in order when three clients send at once', async () => {
    const h = await start();
    const peers = [await h.connect('A'), await h.connect('B'), await h.connect('C')];
    const count = 100;
    for (let i = 0; i < count; i++) for (const peer of peers) peer.send(`${peer.name}:${i}`);
    for (const receiver of peers) {
      const others = peers.filter((peer) => peer !== receiver);
      const sent = others.flatMap((peer) =>
        Array.from({ length: count }, (_, i) => `${peer.name}:${i}`),
      );
      const arrived = await firstArrivals(receiver, sent, (text) => text);
      for (const sender of others) {
        const mine = arrived.filter((text) => text.startsWith(`${sender.name}:`));
        expect(mine, `${receiver.name}: messages from ${sender.name} out of order`).toEqual(
          sent.filter((text) => text.startsWith(`${sender.name}:`)),
        );
      }
    }
  });

  it('[R7] never lets a small message overtake a large one sent before it', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const tags: string[] = [];
    for (let i = 0; i < 3; i++) {
      // Under 1 MiB with the tag, so every server must accept it (R3 checks the limit itself).
      a.send(`big ${i}:${'x'.repeat(MiB - 64)}`);
      a.send(`small ${i}:`);
      tags.push(`big ${i}`, `small ${i}`);
    }
    const tagOf = (text: string): string => text.slice(0, Math.max(0, text.indexOf(':')));
    expect(await firstArrivals(b, tags, tagOf)).toEqual(tags);
  });
});
