import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ChatServer } from '#attempt/server';

// The visible half of the level 1 graders: run them with `kit test`. `kit grade` runs these and
// hidden ones (more clients, big and empty messages, clients that leave mid-broadcast, stop()).

interface Message {
  text: string;
  isBinary: boolean;
}

/** A test client that queues what it receives, so a test can await "the next message". */
interface Client {
  socket: WebSocket;
  next(what: string): Promise<Message>;
}

const WAIT_MS = 5_000;
let server: ChatServer | undefined;
const sockets: WebSocket[] = [];

/** Rejects with what was awaited when `promise` takes longer than WAIT_MS. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startServer(): Promise<ChatServer> {
  server = new ChatServer({ host: '127.0.0.1', port: 0 });
  await server.start();
  return server;
}

async function connect(port: number): Promise<Client> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  sockets.push(socket);
  const inbox: Message[] = [];
  const waiting: ((message: Message) => void)[] = [];
  socket.on('error', () => {}); // a failed connection shows as a timeout, not a crash
  socket.on('message', (data, isBinary) => {
    const message = { text: String(data), isBinary };
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  await within(once(socket, 'open'), 'a client to connect');
  return {
    socket,
    next: (what) => {
      const queued = inbox.shift();
      if (queued) return Promise.resolve(queued);
      return within(new Promise<Message>((resolve) => waiting.push(resolve)), what);
    },
  };
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  const running = server;
  server = undefined;
  // Bounded, so a stop() that hangs fails only its own test instead of stalling the rest.
  await within((async () => running?.stop())(), 'stop() after the test').catch(() => {});
});

describe('ChatServer', () => {
  it('[R1] starts on port 0 and reports the port it bound', async () => {
    const chat = new ChatServer({ host: '127.0.0.1', port: 0 });
    server = chat;
    const port = await chat.start();
    expect(port, 'start() resolves with the bound port, not 0').toBeGreaterThan(0);
    expect(chat.port).toBe(port);
    const client = await connect(port);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('[R1] counts the clients that are connected', async () => {
    const chat = await startServer();
    expect(chat.clientCount).toBe(0);
    // The server accepts a client before the client sees the handshake answer, so once a client
    // is open, the server has counted it.
    await connect(chat.port);
    await connect(chat.port);
    expect(chat.clientCount).toBe(2);
    await connect(chat.port);
    expect(chat.clientCount).toBe(3);
  });

  it('[R2] relays a message from one client to the two others, not back to the sender', async () => {
    const chat = await startServer();
    const a = await connect(chat.port);
    const b = await connect(chat.port);
    const c = await connect(chat.port);
    a.socket.send('hello from a');
    // Only the bytes count here; whether text stays text is the R3 test's question.
    expect((await b.next('b to receive a message')).text).toBe('hello from a');
    expect((await c.next('c to receive a message')).text).toBe('hello from a');
    // Had the server echoed "hello from a" to a, it would arrive before this later message.
    b.socket.send('sentinel from b');
    expect((await a.next('a to receive the message from b')).text).toBe('sentinel from b');
  });

  it('[R3] relays text as text and binary as binary', async () => {
    const chat = await startServer();
    const a = await connect(chat.port);
    const b = await connect(chat.port);
    a.socket.send('plain text');
    a.socket.send(Buffer.from('raw bytes'));
    // Read until both have arrived: their order and any repeats are other tests' business.
    const got = new Map<string, boolean>();
    while (got.size < 2) {
      const message = await b.next('the text and the binary message');
      got.set(message.text, message.isBinary);
    }
    expect(Object.fromEntries(got)).toEqual({ 'plain text': false, 'raw bytes': true });
  });
});
