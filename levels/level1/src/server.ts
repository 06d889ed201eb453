import type { WebSocketServer } from 'ws';

/** How a ChatServer listens and how strict it is with its peers. */
export interface ChatServerOptions {
  /** Port to listen on; 0 lets the system pick a free one (read it back from `port`). */
  port?: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** Largest message accepted, in bytes (a bigger one closes its sender); default at least 1 MiB. */
  maxPayload?: number;
  /** Optional: ping clients this often, drop one that missed two pings; off when absent or 0. */
  heartbeatMs?: number;
}

/** A chat server that relays every message to every other connected client. */
export class ChatServer {
  /** The options with their defaults filled in. */
  readonly options: ChatServerOptions;
  /** Set this to the WebSocketServer you create in start(), and back to undefined in stop(). */
  #wss: WebSocketServer | undefined;

  // TODO: keep track of the connected clients.

  constructor(options: ChatServerOptions = {}) {
    this.options = { port: 0, host: '127.0.0.1', ...options };
  }

  /** The port the server is bound to (the real one for port 0); after stop(), the port it had. */
  get port(): number {
    // TODO: return the port the server listens on.
    throw new Error('Not implemented: ChatServer.port');
  }

  /** How many clients are connected right now. */
  get clientCount(): number {
    // TODO: count the clients that are connected now.
    throw new Error('Not implemented: ChatServer.clientCount');
  }

  /** The underlying ws server while running; the graders observe it (already done for you). */
  get wss(): WebSocketServer | undefined {
    return this.#wss;
  }

  /** Starts listening on `options.host` and `options.port`; resolves with the bound port. */
  async start(): Promise<number> {
    // TODO: create a WebSocketServer from this.options, wait until it listens, store it in
    // this.#wss, then accept connections and relay each message to every *other* client.
    throw new Error('Not implemented: ChatServer.start');
  }

  /** Closes every client and the listening socket; resolves once nothing is left open. */
  async stop(): Promise<void> {
    // TODO: close every client and the server, and clear anything start() set up.
    throw new Error('Not implemented: ChatServer.stop');
  }
}
