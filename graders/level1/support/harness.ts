import { EventEmitter, once } from 'node:events';
import { type RawData, WebSocket, type WebSocketServer } from 'ws';
import { RawClient } from './raw-client.js';
import { until, WAIT_MS, within } from './wait.js';

/** How long cleanup waits for stop(): a broken stop() must not eat the test's time budget. */
const CLEANUP_MS = 2_000;
/** How long after its socket closed a client may still be counted. */
const FORGET_MS = 1_000;

/** The public face of a level 1 ChatServer, as the README states it. */
export interface ChatServerLike {
  start(): Promise<number>;
  stop(): Promise<void>;
  readonly port: number;
  readonly clientCount: number;
  readonly wss: WebSocketServer | undefined;
}

/** One message as a client received it. */
export interface Received {
  data: Buffer;
  isBinary: boolean;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A real `ws` client that keeps everything it receives, in order. */
export class Peer {
  readonly name: string;
  readonly socket: WebSocket;
  readonly inbox: Received[] = [];
  /** The server's end of this connection. */
  serverSide: WebSocket | undefined;
  closeCode: number | undefined;
  /** Pings received from the server; ws answers each with a pong by itself. */
  pings = 0;
  readonly #updates = new EventEmitter();
  readonly #harness: Harness;
  #lastNew: string | undefined;

  constructor(name: string, socket: WebSocket, harness: Harness) {
    this.name = name;
    this.socket = socket;
    this.#harness = harness;
    socket.on('message', (data, isBinary) => {
      this.inbox.push({ data: toBuffer(data), isBinary });
      this.#updates.emit('update');
    });
    socket.on('ping', () => {
      this.pings++;
      this.#updates.emit('update');
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.#updates.emit('update');
    });
    socket.on('error', () => {});
    harness.onCrash(() => this.#updates.emit('update'));
  }

  /** Sends text (a string) or binary (a Buffer). */
  send(data: string | Buffer): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  /** The next message this client receives; fails fast if the client closes or the server throws. */
  async next(what = 'a message'): Promise<Received> {
    await until(
      this.#updates,
      'update',
      () =>
        this.inbox.length > 0 || this.closeCode !== undefined || this.#harness.crash !== undefined,
      `${this.name} to receive ${what}`,
    );
    const message = this.inbox.shift();
    if (message !== undefined) return message;
    this.#harness.throwIfCrashed();
    throw new Error(
      `${this.name} was disconnected (code ${this.closeCode}) before receiving ${what}`,
    );
  }

  /**
   * The next message's bytes read as UTF-8, whatever its frame type: whether text stays text is
   * R3's question alone, so no other criterion's test fails on it.
   */
  async nextText(what = 'a message'): Promise<string> {
    const message = await this.next(what);
    return message.data.toString('utf8');
  }

  /**
   * The next message as text that is not a repeat of the one read just before: a server that
   * delivers everything twice loses R2, and only R2, for it.
   */
  async nextNew(what = 'a message'): Promise<string> {
    for (;;) {
      const text = await this.nextText(what);
      if (text !== this.#lastNew) {
        this.#lastNew = text;
        return text;
      }
    }
  }

  /**
   * Every message until `sentinel` arrives, as text (see nextText), sentinel excluded. A message
   * the server failed to deliver shows up as missing here instead of as a wait that times out.
   */
  async textsUntil(sentinel: string, what = `the sentinel "${sentinel}"`): Promise<string[]> {
    const texts: string[] = [];
    for (;;) {
      const text = await this.nextText(what);
      if (text === sentinel) return texts;
      texts.push(text);
    }
  }

  /** Resolves once this client has received `count` pings; fails fast if it is disconnected. */
  async pinged(count: number, ms = WAIT_MS): Promise<void> {
    await until(
      this.#updates,
      'update',
      () => this.pings >= count || this.closeCode !== undefined,
      `${this.name} to receive ${count} pings`,
      () => `${this.pings} arrived`,
      ms,
    );
    if (this.pings < count) {
      throw new Error(
        `${this.name} was disconnected (code ${this.closeCode}) after ${this.pings} of ${count} pings`,
      );
    }
  }

  /** Resolves with the close code once this client's connection has closed. */
  async closed(what = `${this.name} to be closed`, ms = WAIT_MS): Promise<number> {
    await until(
      this.#updates,
      'update',
      () => this.closeCode !== undefined,
      what,
      () => '',
      ms,
    );
    return this.closeCode ?? 0;
  }
}

/**
 * Runs one ChatServer for one test: real clients on 127.0.0.1, the server's end of each connection
 * found through the documented 'connection' event, and a record of any exception the process did
 * not catch while the test ran. Always call close(), even when start() failed.
 */
export class Harness {
  readonly server: ChatServerLike;
  readonly peers = new Set<Peer>();
  readonly raws = new Set<RawClient>();
  crash: Error | undefined;
  /** Emits 'change' after a server-side socket opens or closes. */
  readonly changes = new EventEmitter();
  #unclaimed: { port: number; socket: WebSocket }[] = [];
  readonly #closedOnServer = new WeakSet<WebSocket>();
  /** Every server-side socket, and the server itself once it has emitted 'close'. */
  readonly #serverSockets: WebSocket[] = [];
  #wss: WebSocketServer | undefined;
  #wssClosed = false;
  readonly #onUncaught = (error: Error): void => {
    this.crash ??= error;
    this.changes.emit('crash');
  };

  constructor(server: ChatServerLike) {
    this.server = server;
    this.changes.setMaxListeners(0);
    process.on('uncaughtException', this.#onUncaught);
  }

  /** Starts the server and starts watching its connections. */
  async start(): Promise<number> {
    const port = await this.server.start();
    const wss = this.server.wss;
    if (wss === undefined) throw new Error('ChatServer.wss is undefined after start() resolved');
    this.#wss = wss;
    wss.once('close', () => {
      this.#wssClosed = true;
      this.changes.emit('change');
    });
    wss.on('connection', (socket, request) => {
      this.#unclaimed.push({ port: request.socket.remotePort ?? 0, socket });
      this.#serverSockets.push(socket);
      socket.on('close', () => {
        this.#closedOnServer.add(socket);
        this.changes.emit('change');
        // A second look once the server's own close handlers, and what they queued, have run.
        setImmediate(() => this.changes.emit('change'));
      });
      this.changes.emit('change');
    });
    return port;
  }

  /** The port the server reports. */
  get port(): number {
    return this.server.port;
  }

  /** Calls `listener` when the server throws an exception nobody caught. */
  onCrash(listener: () => void): void {
    this.changes.on('crash', listener);
  }

  /** Throws the first exception the server let escape, if any. */
  throwIfCrashed(): void {
    if (this.crash !== undefined) {
      throw new Error(`The server threw an uncaught exception: ${this.crash.message}`);
    }
  }

  /** Connects a real client and waits until both ends are open. */
  async connect(name: string): Promise<Peer> {
    const socket = new WebSocket(`ws://127.0.0.1:${this.port}`);
    const peer = new Peer(name, socket, this);
    this.peers.add(peer);
    let localPort: number | undefined;
    socket.once('upgrade', (response) => {
      localPort = response.socket.localPort;
    });
    await within(once(socket, 'open'), `${name} to connect`);
    peer.serverSide = await this.claim(localPort ?? 0, name);
    return peer;
  }

  /** Opens a hand-spoken WebSocket connection (see RawClient). */
  async connectRaw(name: string): Promise<{ raw: RawClient; serverSide: WebSocket }> {
    const raw = await RawClient.connect(this.port, name);
    this.raws.add(raw);
    return { raw, serverSide: await this.claim(raw.localPort, name) };
  }

  /** The server's socket for the client whose local port is `port`. */
  async claim(port: number, name: string): Promise<WebSocket> {
    const find = (): number => this.#unclaimed.findIndex((entry) => entry.port === port);
    await until(this.changes, 'change', () => find() !== -1, `the server to accept ${name}`);
    const [entry] = this.#unclaimed.splice(find(), 1);
    if (entry === undefined) throw new Error(`no server-side socket for ${name}`);
    return entry.socket;
  }

  /** Waits until the server's end of `peer`'s connection has emitted 'close'. */
  async serverSideClosed(peer: Peer): Promise<void> {
    const socket = peer.serverSide;
    if (socket === undefined) throw new Error(`no server-side socket for ${peer.name}`);
    await until(
      this.changes,
      'change',
      () => this.#closedOnServer.has(socket),
      `the server's socket for ${peer.name} to close`,
    );
  }

  /** Waits until the server's clientCount is `count`. */
  async clientCount(count: number, ms = WAIT_MS): Promise<void> {
    await until(
      this.changes,
      'change',
      () => this.server.clientCount === count,
      `clientCount to become ${count}`,
      () => `it is ${this.server.clientCount}`,
      ms,
    );
  }

  /**
   * Waits until the server's end of `peer`'s connection has closed, then for clientCount to be
   * `count`: a client is forgotten at once, so that wait is short and a server that never
   * forgets fails in a second, not at the end of a long bound.
   */
  async forgotten(peer: Peer, count: number): Promise<void> {
    await this.serverSideClosed(peer);
    await this.clientCount(count, FORGET_MS);
  }

  /** Terminates every client, stops the server and stops watching; never throws. */
  async close(): Promise<void> {
    for (const raw of this.raws) raw.destroy();
    const closing = [...this.peers].map((peer) => {
      peer.socket.terminate();
      return peer.closed().catch(() => 0);
    });
    await Promise.all(closing);
    // Done when stop() resolves, or when everything it should close has closed: a stop() that
    // waits for the wrong thing (R8's business) must not hold every test for the whole bound.
    const released = until(
      this.changes,
      'change',
      () =>
        (this.#wss === undefined || this.#wssClosed) &&
        this.#serverSockets.every((socket) => this.#closedOnServer.has(socket)),
      'the server to release its sockets',
      () => '',
      CLEANUP_MS,
    );
    released.catch(() => {});
    try {
      await within(
        Promise.race([this.server.stop(), released]),
        'stop() while cleaning up',
        CLEANUP_MS,
      );
    } catch {
      // Cleanup must not mask the test's own failure; the test already said what went wrong.
    }
    process.off('uncaughtException', this.#onUncaught);
  }
}

const open = new Set<Harness>();

/** Creates a harness, not yet started, that closeHarnesses() will clean up. */
export function createHarness(server: ChatServerLike): Harness {
  const harness = new Harness(server);
  open.add(harness);
  return harness;
}

/** Creates and starts a harness that closeHarnesses() will clean up, even if start() throws. */
export async function startHarness(server: ChatServerLike): Promise<Harness> {
  const harness = createHarness(server);
  await harness.start();
  return harness;
}

/** Closes every harness the current test started; use in afterEach. */
export async function closeHarnesses(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((harness) => harness.close()));
}
