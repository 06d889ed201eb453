import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type WebSocketServer } from 'ws';

/** Close codes a server may not send (they only describe what happened); sent as "restart". */
const NOT_SENDABLE = new Set([1004, 1005, 1006, 1015]);
const SERVICE_RESTART = 1012;

/**
 * Accepts an upgrade and relays the socket, frame for frame, to the same path on `to` (the
 * session owner's server), which checks the token and runs the room. When either side closes the
 * other follows, so a participant whose owner died reconnects (the page retries) and lands on the
 * new owner.
 */
export function proxySocket(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  to: string,
  heartbeatMs = 15_000,
): void {
  wss.handleUpgrade(req, socket, head, (client) => {
    const upstream = new WebSocket(`${to.replace(/^http/, 'ws')}${req.url ?? '/'}`, {
      perMessageDeflate: false,
      maxPayload: 0,
    });
    const waiting: Array<[Buffer, boolean]> = [];
    client.on('message', (data, isBinary) => {
      // Relayed as received (ws hands a Buffer): Buffer.from would copy every frame once more.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : (data as Buffer);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(bytes, { binary: isBinary });
      else waiting.push([bytes, isBinary]);
    });
    upstream.on('open', () => {
      for (const [bytes, binary] of waiting.splice(0)) upstream.send(bytes, { binary });
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data as Buffer, { binary: isBinary });
    });
    upstream.on('close', (code, reason) => {
      if (client.readyState === WebSocket.OPEN || client.readyState === WebSocket.CONNECTING)
        client.close(NOT_SENDABLE.has(code) ? SERVICE_RESTART : code, reason);
    });
    upstream.on('error', () => {
      if (client.readyState === WebSocket.OPEN)
        client.close(SERVICE_RESTART, "The session's server is not answering; reconnecting");
    });
    client.on('close', (code, reason) => {
      if (upstream.readyState === WebSocket.OPEN)
        upstream.close(NOT_SENDABLE.has(code) ? 1000 : code, reason);
      else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    });
    client.on('error', () => {});
    // The owner pings the relay, which answers for itself: so the relay pings the participant,
    // and cuts a participant that stopped answering, as the owner would.
    let missed = 0;
    client.on('pong', () => {
      missed = 0;
    });
    const heartbeat = setInterval(() => {
      if (missed >= 2) {
        client.terminate();
        return;
      }
      missed += 1;
      if (client.readyState === WebSocket.OPEN) client.ping();
    }, heartbeatMs);
    heartbeat.unref();
    client.on('close', () => clearInterval(heartbeat));
  });
}

/**
 * Relays an HTTP request to the same path on `to` (the owner's server) and its answer back. The
 * owner checks the server token itself; a Host the owner accepts is sent (its own).
 */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, to: string): void {
  const target = new URL(req.url ?? '/', to);
  const headers = { ...req.headers, host: target.host };
  delete headers.origin;
  const upstream = request(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(503, { 'Retry-After': '5' });
    res.end();
  });
  req.pipe(upstream);
}
