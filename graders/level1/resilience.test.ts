import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ChatServer } from '#attempt/server';
import { closeHarnesses, type Harness, type Peer, startHarness } from './support/harness.js';
import { encodeFrame, Opcode, type RawClient } from './support/raw-client.js';
import { within } from './support/wait.js';

afterEach(closeHarnesses);

function start(): Promise<Harness> {
  return startHarness(new ChatServer({ host: '127.0.0.1', port: 0 }));
}

function serverSideOf(peer: Peer): WebSocket {
  if (peer.serverSide === undefined) throw new Error(`no server-side socket for ${peer.name}`);
  return peer.serverSide;
}

/** Connects a hand-spoken client and proves the server relays its valid frames first. */
async function connectRawAndProve(h: Harness, listener: Peer): Promise<RawClient> {
  const { raw, serverSide } = await h.connectRaw('the raw client');
  raw.write(encodeFrame(Opcode.text, Buffer.from('hello from raw')));
  expect(await listener.nextNew("the raw client's valid message")).toBe('hello from raw');
  expect(
    serverSide.listenerCount('error'),
    "the server's socket has no 'error' listener: any malformed frame would crash the process",
  ).toBeGreaterThan(0);
  return raw;
}

/** After the server has closed the bad client, it must still relay between the others. */
async function expectStillServing(h: Harness, a: Peer, raw: RawClient): Promise<void> {
  await within(raw.closed(), 'the server to close the connection that sent a bad frame');
  const b = await h.connect('B');
  b.send('after the bad frame');
  expect(await a.nextNew('a message sent after the bad frame')).toBe('after the bad frame');
  h.throwIfCrashed();
}

describe('resilience', () => {
  it('[R5] keeps relaying to the others when sending to one client throws', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    const d = await h.connect('D');
    // B sits between the sender and the others in connection order, where a loop meets it first.
    serverSideOf(b).send = () => {
      throw new Error('send failed (injected by the grader)');
    };
    a.send('first');
    expect(await c.nextNew('the first message')).toBe('first');
    expect(await d.nextNew('the first message')).toBe('first');
    a.send('second');
    expect(await c.nextNew('the second message')).toBe('second');
    expect(await d.nextNew('the second message')).toBe('second');
    h.throwIfCrashed();
  });

  it('[R5] keeps relaying to the others when a client drops while a message is being relayed', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    const d = await h.connect('D');
    const bServer = serverSideOf(b);
    const send = bServer.send.bind(bServer);
    // The connection dies under the loop: B's socket is already closing when the server writes.
    bServer.send = ((...args: Parameters<WebSocket['send']>) => {
      bServer.terminate();
      send(...args);
    }) as WebSocket['send'];
    a.send('during the drop');
    expect(await c.nextNew('the message relayed during the drop')).toBe('during the drop');
    expect(await d.nextNew('the message relayed during the drop')).toBe('during the drop');
    await b.closed();
    a.send('after the drop');
    expect(await c.nextNew('the message sent after the drop')).toBe('after the drop');
    expect(await d.nextNew('the message sent after the drop')).toBe('after the drop');
    h.throwIfCrashed();
  });

  it('[R5] keeps the remaining clients in step while others vanish mid-stream', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    const leaving: Peer[] = [];
    for (let i = 0; i < 6; i++) leaving.push(await h.connect(`leaver ${i}`));
    for (const peer of leaving) {
      // Each leaver vanishes after a different number of messages, while the stream is flowing.
      const after = 20 + leaving.indexOf(peer) * 25;
      peer.socket.on('message', () => {
        if (peer.inbox.length === after) peer.socket.terminate();
      });
    }
    const count = 300;
    const sent = Array.from({ length: count }, (_, i) => `m${i}`);
    for (const text of sent) a.send(text);
    a.send('end of the stream');
    // Compared as multisets: the order is R7's question.
    for (const peer of [b, c]) {
      const got = await peer.textsUntil(
        'end of the stream',
        `${peer.name} to get the whole stream`,
      );
      // A set: a duplicate is R2's business.
      expect([...new Set(got)].sort(), `${peer.name} must get every message of the stream`).toEqual(
        [...sent].sort(),
      );
    }
    for (const peer of leaving) await peer.closed();
    a.send('after the stream');
    await b.textsUntil('after the stream');
    await c.textsUntil('after the stream');
    h.throwIfCrashed();
  });

  it('[R5] a client whose connection is closing when a broadcast starts costs the next one nothing', async () => {
    const h = await start();
    const a = await h.connect('A');
    const b = await h.connect('B');
    const c = await h.connect('C');
    const d = await h.connect('D');
    const aServer = serverSideOf(a);
    const bServer = serverSideOf(b);
    // B's connection dies just before the server handles A's message: B is still registered (its
    // 'close' comes later) but no longer open. A registry that removes B while looping over an
    // array skips C, the client after it.
    aServer.prependOnceListener('message', () => bServer.terminate());
    a.send('while B is closing');
    // D comes after C in the loop: once D has the message, C has had its turn.
    await d.textsUntil('while B is closing');
    d.send('sentinel from D');
    expect(await c.textsUntil('sentinel from D')).toContain('while B is closing');
    await b.closed();
    await h.serverSideClosed(b);
    a.send('after B closed');
    await d.textsUntil('after B closed');
    d.send('second sentinel from D');
    expect(await c.textsUntil('second sentinel from D')).toContain('after B closed');
    h.throwIfCrashed();
  });

  it('[R6] survives an unmasked frame sent over raw TCP, with an error listener on every socket', async () => {
    const h = await start();
    const a = await h.connect('A');
    const raw = await connectRawAndProve(h, a);
    // Clients must mask every frame (RFC 6455, 5.1); ws rejects this one and emits 'error'.
    raw.write(encodeFrame(Opcode.text, Buffer.from('unmasked'), { masked: false }));
    await expectStillServing(h, a, raw);
  });

  it('[R6] survives a frame with a reserved opcode', async () => {
    const h = await start();
    const a = await h.connect('A');
    const raw = await connectRawAndProve(h, a);
    raw.write(encodeFrame(0x3, Buffer.from('no such opcode')));
    await expectStillServing(h, a, raw);
  });

  it('[R6] survives a text frame that is not valid UTF-8', async () => {
    const h = await start();
    const a = await h.connect('A');
    const raw = await connectRawAndProve(h, a);
    raw.write(encodeFrame(Opcode.text, Buffer.from([0x68, 0x69, 0xc3, 0x28])));
    await expectStillServing(h, a, raw);
  });
});
