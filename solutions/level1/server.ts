import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** How a ChatServer listens and how strict it is with its peers. */
export interface ChatServerOptions {
  /** Port to listen on; 0 lets the system pick a free one (read it back from `port`). */
  port?: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** Largest message accepted, in bytes; a bigger frame closes that client with 1009. */
  maxPayload?: number;
  /** Ping every client this often and drop one that left two pings unanswered; off when 0 or absent. */
  heartbeatMs?: number;
}

/** Messages up to 1 MiB must pass; ws's own default (100 MiB) lets one peer pin far more memory. */
const DEFAULT_MAX_PAYLOAD = 2 * 1024 * 1024;
/** How long stop() lets clients answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 500;

/** A chat server that relays every message to every other connected client. */
export class ChatServer {
  readonly #options: Required<ChatServerOptions>;
  /** A Set: O(1) add and delete by identity, and iteration stays valid while members leave. */
  readonly #clients = new Set<WebSocket>();
  /** Pings each client has left unanswered; a WeakMap so a departed socket needs no cleanup. */
  readonly #unanswered = new WeakMap<WebSocket, number>();
  #wss: WebSocketServer | undefined;
  #port = 0;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(options: ChatServerOptions = {}) {
    this.#options = {
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
      maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
      heartbeatMs: options.heartbeatMs ?? 0,
    };
  }

  /** The port the server is bound to; after stop(), the port it was bound to; 0 before start(). */
  get port(): number {
    return this.#port;
  }

  /** How many clients are connected right now. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /** The underlying ws server while running, for tests and tooling to observe; do not mutate. */
  get wss(): WebSocketServer | undefined {
    return this.#wss;
  }

  /** Starts listening and resolves with the bound port. */
  async start(): Promise<number> {
    const { host, port, maxPayload, heartbeatMs } = this.#options;
    // clientTracking off: the Set below is the one registry, so there is one place to clean up.
    // Stryker disable next-line BooleanLiteral: ws tracking its clients too costs memory, not behaviour
    const wss = new WebSocketServer({ host, port, maxPayload, clientTracking: false });
    // once() rejects if 'error' comes first: a busy port rejects start() instead of crashing.
    await once(wss, 'listening');
    wss.on('connection', (socket) => this.#accept(socket));
    this.#wss = wss;
    this.#port = (wss.address() as AddressInfo).port;
    if (heartbeatMs > 0) this.#heartbeat = setInterval(() => this.#checkPulse(), heartbeatMs);
    return this.#port;
  }

  /** Closes every client and the listening socket; resolves once nothing is left open. */
  async stop(): Promise<void> {
    const wss = this.#wss;
    if (wss === undefined) return;
    this.#wss = undefined;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    // Every socket in the set is still open: 'close' removes it, so each will emit 'close' once.
    const closed = [...this.#clients].map(
      (client) => new Promise<void>((resolve) => client.once('close', () => resolve())),
    );
    closed.push(new Promise<void>((resolve) => wss.close(() => resolve())));
    for (const client of this.#clients) client.close(1001);
    // A polite close waits for the peer's answer; one that never answers is cut off.
    const cutOff = setTimeout(() => {
      for (const client of this.#clients) client.terminate();
    }, CLOSE_GRACE_MS);
    await Promise.all(closed);
    clearTimeout(cutOff);
  }

  #accept(socket: WebSocket): void {
    this.#clients.add(socket);
    this.#unanswered.set(socket, 0);
    socket.on('message', (data, isBinary) => this.#broadcast(socket, data, isBinary));
    socket.on('pong', () => this.#unanswered.set(socket, 0));
    // Without a listener, an 'error' (a malformed frame, a reset) would throw and end the process.
    // ws closes the socket itself right after, so 'close' does the cleanup.
    socket.on('error', () => {});
    socket.on('close', () => this.#clients.delete(socket));
  }

  #broadcast(sender: WebSocket, data: RawData, isBinary: boolean): void {
    for (const client of this.#clients) {
      // No readyState check: ws's send() on a socket that is closing neither throws nor sends.
      if (client === sender) continue;
      try {
        // The same Buffer goes to everyone: ws frames it per client without copying the payload.
        client.send(data, { binary: isBinary });
      } catch {
        // One broken peer must not cost the others their copy. Its 'close', or the heartbeat,
        // removes it; nothing to do here.
      }
    }
  }

  #checkPulse(): void {
    for (const client of this.#clients) {
      const missed = this.#unanswered.get(client) ?? 0;
      if (missed >= 2) {
        client.terminate();
        continue;
      }
      this.#unanswered.set(client, missed + 1);
      client.ping();
    }
  }
}
