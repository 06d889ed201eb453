import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { proxySocket } from '../../src/room/cluster/ws-proxy.js';

/** An upstream ws server that echoes, and a relay in front of it; returns both URLs. */
async function relayPair(heartbeatMs: number) {
  const upstream = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => upstream.once('listening', resolve));
  const closes: number[] = [];
  upstream.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('close', (code) => closes.push(code));
  });
  const to = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const wss = new WebSocketServer({ noServer: true });
  const relay: Server = createServer();
  relay.on('upgrade', (req, socket, head) => proxySocket(wss, req, socket, head, to, heartbeatMs));
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(relay.address() as AddressInfo).port}/ws/x?token=t`;
  return {
    url,
    closes,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const ws of upstream.clients) ws.terminate();
      relay.closeAllConnections();
      await new Promise((resolve) => relay.close(resolve));
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

describe('proxySocket', () => {
  let pair: Awaited<ReturnType<typeof relayPair>> | null = null;
  afterEach(async () => {
    await pair?.close();
    pair = null;
  });

  it('relays text and binary frames both ways', async () => {
    pair = await relayPair(10_000);
    const ws = new WebSocket(pair.url);
    const got: Array<[string, boolean]> = [];
    ws.on('message', (data, isBinary) => got.push([String(data), isBinary]));
    // Sent before the relay's upstream connection is open: kept and sent in order.
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send('text');
    ws.send(Buffer.from('bytes'), { binary: true });
    while (got.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(got).toEqual([
      ['text', false],
      ['bytes', true],
    ]);
    ws.close();
  });

  it('cuts a participant that stops answering pings, and the owner sees it leave', async () => {
    pair = await relayPair(50);
    const ws = new WebSocket(pair.url, { autoPong: false });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await closed).toBe(1006);
    const started = Date.now();
    while (pair.closes.length === 0 && Date.now() - started < 2_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pair.closes).toHaveLength(1);
  });
});
