import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import { PeerConnection } from '../../src/room/live/peer-connection.js';
import { CLOSE, LIMITS } from '../../src/room/protocol/protocol.js';
import { readRecording } from '../../src/room/store/recording.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

/** A stand-in socket whose send queue is whatever the test says. */
function fakeSocket(buffered: () => number) {
  const sent: unknown[] = [];
  const closes: [number, string][] = [];
  const ws = {
    readyState: WebSocket.OPEN as number,
    OPEN: WebSocket.OPEN,
    get bufferedAmount() {
      return buffered();
    },
    send(data: unknown) {
      sent.push(data);
    },
    close(code: number, reason: string) {
      closes.push([code, reason]);
      ws.readyState = WebSocket.CLOSING;
    },
  };
  return { ws: ws as unknown as WebSocket, sent, closes };
}

describe('slow consumers', () => {
  it('closes a connection once its send queue passes maxBufferedBytes, and only once', () => {
    let buffered = LIMITS.maxBufferedBytes;
    const { ws, sent, closes } = fakeSocket(() => buffered);
    let slow = 0;
    const peer = new PeerConnection(ws, 'candidate', 'Ada', LIMITS, Date.now, () => {
      slow += 1;
    });
    peer.sendText('at the limit is fine');
    expect(closes).toEqual([]);
    buffered += 1;
    peer.sendBinary(new Uint8Array([1]));
    peer.send({ type: 'typing', peer: peer.who, typing: true });
    expect(sent).toHaveLength(2);
    expect(closes).toEqual([[4008, 'Too slow: too much data waiting to be sent']]);
    expect(slow).toBe(1);
  });

  it('records a leave with reason slow and closes the socket with 4008', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    await interviewer.next('presence');
    const room = ctx.server.room(ctx.session.id);
    const peer = room?.connections().find((p) => p.info.role === 'candidate');
    if (!peer) throw new Error('no candidate connection');
    // As if 9 MiB were waiting for this client: deterministic, whatever the kernel buffers hold.
    Object.defineProperty(peer.ws, 'bufferedAmount', { get: () => 9 * 1024 * 1024 });
    interviewer.send({ type: 'chat', text: 'anyone there?' });
    expect(await interviewer.next('presence')).toMatchObject({
      event: 'leave',
      reason: 'slow',
      peer: { name: 'Ada' },
      peers: [{ name: 'Grace' }],
    });
    expect(await candidate.waitClosed()).toEqual({
      code: CLOSE.slow,
      reason: 'Too slow: too much data waiting to be sent',
    });
    const { events } = readRecording(ctx.server.store.recordingPath(ctx.session.id));
    const leaves = events.filter((e) => e.type === 'leave');
    expect(leaves).toEqual([expect.objectContaining({ peer: peer.info.id, reason: 'slow' })]);
    // The socket's own close event later finds the peer gone: no second leave.
    interviewer.send({ type: 'chat', text: 'sentinel' });
    await interviewer.next('chat');
    await interviewer.next('chat');
    expect(interviewer.all('presence')).toHaveLength(2);
  });

  it('drops a client that stops reading while others keep sending', async () => {
    ctx = await startTestServer({
      limits: {
        maxBufferedBytes: 256 * 1024,
        rateBurst: 10_000,
        ratePerSecond: 10_000,
        byteBurst: 1024 * 1024 * 1024,
        bytesPerSecond: 1024 * 1024 * 1024,
      },
    });
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    await interviewer.next('presence');
    candidate.ws.pause(); // reads nothing from now on: the server's queue for it grows
    const blob = 'x'.repeat(512 * 1024);
    let leave: unknown;
    for (let i = 0; i < 200 && !leave; i += 1) {
      interviewer.awareness.setLocalState({ blob: `${i}${blob}` });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint8Array(
        encoder,
        awarenessProtocol.encodeAwarenessUpdate(interviewer.awareness, [interviewer.doc.clientID]),
      );
      interviewer.ws.send(encoding.toUint8Array(encoder));
      // One chat round trip per frame: the server has handled the frame before the next one.
      interviewer.send({ type: 'chat', text: `frame ${i}` });
      await interviewer.next('chat');
      leave = interviewer.all('presence').find((m) => m.event === 'leave');
    }
    expect(leave).toMatchObject({ reason: 'slow', peer: { name: 'Ada' } });
    candidate.ws.resume();
    expect((await candidate.waitClosed()).code).toBe(CLOSE.slow);
  });
});
