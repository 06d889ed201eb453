import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as connectClient } from 'socket.io-client';
import { RedisPubSub } from '../graders/level3/support/redis-pubsub.js';
import { DistributedServer } from '../solutions/level3/distributed-server.js';
import { freePort } from './support/kit-processes.js';

// Cross-server chat delivery through a real Redis: the level 3 reference (DistributedServer over
// the kit's RedisPubSub) against socket.io with @socket.io/redis-adapter, in the same run. Both
// use socket.io for the client hop, so the only difference is how servers reach each other.
// Three server processes per variant; clients live in this process so one clock measures
// latency. Prints `label: value unit` lines.

type Variant = 'kit' | 'socket.io';
const ROLE_ENV = 'KIT_BENCH_LEVEL3_ROLE';
const SERVERS = 3;
const ROUNDS = 3;
const LATENCY_MESSAGES = 1_000;
const THROUGHPUT_MESSAGES = 10_000;
const WINDOW = 200;
const ROOM = 'bench';
const STEP_TIMEOUT_MS = 20_000;

interface ChatMessage {
  room: string;
  from: string;
  text: string;
}

/** Child mode: one chat server on 127.0.0.1, port reported to the parent over IPC. */
async function runServer(variant: Variant, url: string, prefix: string): Promise<void> {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const closers: Array<() => Promise<unknown>> = [];
  if (variant === 'kit') {
    const bus = await RedisPubSub.connect({ url, prefix });
    closers.push(() => bus.close());
    const server = new DistributedServer(bus);
    io.on('connection', (socket) => {
      const userId = String(socket.handshake.auth.userId);
      server.handleConnection({ userId, send: (message) => socket.emit('message', message) });
      socket.on('join', (room: string, ack: () => void) => {
        void server.joinRoom(userId, room).then(ack);
      });
      socket.on('send', (room: string, text: string) => {
        void server.sendToRoom(userId, room, text);
      });
      socket.on('disconnect', () => void server.handleDisconnect(userId));
    });
  } else {
    const pub = createClient({ url });
    const sub = pub.duplicate();
    pub.on('error', () => {});
    sub.on('error', () => {});
    await Promise.all([pub.connect(), sub.connect()]);
    closers.push(() => Promise.allSettled([pub.close(), sub.close()]));
    io.adapter(createAdapter(pub, sub, { key: prefix }));
    io.on('connection', (socket) => {
      const userId = String(socket.handshake.auth.userId);
      socket.on('join', (room: string, ack: () => void) => {
        void Promise.resolve(socket.join(room)).then(ack);
      });
      socket.on('send', (room: string, text: string) => {
        const message: ChatMessage = { room, from: userId, text };
        socket.to(room).emit('message', message);
      });
    });
  }
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('disconnect', () => {
    void io.close();
    void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
  });
}

/** Resolves `promise`, or rejects saying what took too long. */
function bounded<T>(promise: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function startServer(
  variant: Variant,
  url: string,
  prefix: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [ROLE_ENV]: JSON.stringify({ variant, url, prefix }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
    child.once('message', (message) =>
      resolve({ child, port: (message as { port: number }).port }),
    );
    child.once('exit', (code) => reject(new Error(`bench: ${variant} server exited with ${code}`)));
  });
  return bounded(ready, `a ${variant} server to listen`);
}

function connect(port: number, userId: string): Promise<ClientSocket> {
  const socket = connectClient(`http://127.0.0.1:${port}`, {
    auth: { userId },
    transports: ['websocket'],
  });
  return bounded(
    new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    }),
    `${userId} to connect`,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface RoundResult {
  perSecond: number;
  p50: number;
  p99: number;
}

/** One round: three servers, a sender on the first, a receiver on each of the others. */
async function runRound(variant: Variant, url: string, round: number): Promise<RoundResult> {
  const prefix = `bench-${process.pid}-${variant === 'kit' ? 'kit' : 'sio'}-${round}:`;
  const servers = await Promise.all(
    Array.from({ length: SERVERS }, () => startServer(variant, url, prefix)),
  );
  const sockets: ClientSocket[] = [];
  try {
    const [first, ...others] = servers;
    if (!first) throw new Error('bench: no server');
    const sender = await connect(first.port, 'sender');
    sockets.push(sender);
    const receivers = await Promise.all(others.map((s, i) => connect(s.port, `receiver${i}`)));
    sockets.push(...receivers);
    for (const socket of sockets) {
      await bounded(
        new Promise<void>((resolve) => socket.emit('join', ROOM, resolve)),
        'a join to be acknowledged',
      );
    }

    // Every receiver calls `onMessage` with the sequence number and send time in the text.
    const latencies: number[] = [];
    let delivered = 0;
    let onProgress = (): void => {};
    for (const receiver of receivers) {
      receiver.on('message', (message: ChatMessage) => {
        const sentAt = Number(message.text.split(':')[1]);
        latencies.push(performance.now() - sentAt);
        delivered += 1;
        onProgress();
      });
    }
    const waitDelivered = (target: number, what: string): Promise<void> =>
      bounded(
        new Promise<void>((resolve) => {
          onProgress = () => {
            if (delivered >= target) resolve();
          };
          onProgress();
        }),
        what,
      );
    const send = (seq: number): void => {
      sender.emit('send', ROOM, `${seq}:${performance.now()}`);
    };

    // Warm up: every server subscribed and JIT-compiled before measuring.
    for (let i = 0; i < 200; i += 1) send(i);
    await waitDelivered(200 * receivers.length, 'the warm-up messages');

    // Latency: one message at a time, so no queueing is measured.
    delivered = 0;
    latencies.length = 0;
    for (let i = 0; i < LATENCY_MESSAGES; i += 1) {
      send(i);
      await waitDelivered((i + 1) * receivers.length, 'a latency message');
    }
    const sorted = [...latencies].sort((a, b) => a - b);

    // Throughput: a window of messages in flight, until every receiver has every message.
    delivered = 0;
    const started = performance.now();
    let sent = 0;
    while (sent < THROUGHPUT_MESSAGES) {
      const batch = Math.min(WINDOW, THROUGHPUT_MESSAGES - sent);
      for (let i = 0; i < batch; i += 1) send(sent + i);
      sent += batch;
      await waitDelivered((sent - WINDOW / 2) * receivers.length, 'throughput messages');
    }
    await waitDelivered(THROUGHPUT_MESSAGES * receivers.length, 'the last throughput messages');
    const seconds = (performance.now() - started) / 1_000;
    return {
      perSecond: THROUGHPUT_MESSAGES / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await Promise.all(
      servers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.disconnect();
            setTimeout(() => child.kill(), 5_000).unref();
          }),
      ),
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts a throwaway redis-server on loopback, or says why it could not. */
async function startRedis(): Promise<{ url: string; stop: () => void } | { skipped: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kit-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: 'ignore' },
  );
  const stop = (): void => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = new Promise<string>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT' ? 'redis-server not found and REDIS_URL unset' : error.message,
      ),
    );
    child.once('exit', (code) => resolve(`redis-server exited with ${code}`));
  });
  let failure: string | undefined;
  void failed.then((reason) => {
    failure = reason;
  });
  for (let i = 0; i < 100 && failure === undefined; i += 1) {
    if (await canConnect(port)) return { url: `redis://127.0.0.1:${port}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stop();
  return { skipped: failure ?? 'redis-server did not accept connections' };
}

async function main(): Promise<void> {
  let url = process.env.REDIS_URL;
  let stop = (): void => {};
  if (!url) {
    const started = await startRedis();
    if ('skipped' in started) {
      console.log(`level3 redis: skipped (${started.skipped})`);
      return;
    }
    url = started.url;
    stop = started.stop;
  }
  try {
    const results: Record<Variant, RoundResult[]> = { kit: [], 'socket.io': [] };
    // Alternate the variants so drift in machine load hits both alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of ['kit', 'socket.io'] as const) {
        results[variant].push(await runRound(variant, url, round));
      }
    }
    const summary = (variant: Variant) => ({
      perSecond: median(results[variant].map((r) => r.perSecond)),
      p50: median(results[variant].map((r) => r.p50)),
      p99: median(results[variant].map((r) => r.p99)),
    });
    const kit = summary('kit');
    const sio = summary('socket.io');
    const label = { kit: 'level3 kit pubsub', 'socket.io': 'level3 socket.io redis-adapter' };
    for (const [variant, s] of [
      ['kit', kit],
      ['socket.io', sio],
    ] as const) {
      console.log(`${label[variant]} throughput: ${Math.round(s.perSecond)} msg/s`);
      console.log(`${label[variant]} latency p50: ${s.p50.toFixed(3)} ms`);
      console.log(`${label[variant]} latency p99: ${s.p99.toFixed(3)} ms`);
    }
    console.log(
      `level3 kit vs socket.io throughput: ${(kit.perSecond / sio.perSecond).toFixed(2)} x`,
    );
  } finally {
    stop();
  }
}

const role = process.env[ROLE_ENV];
if (role) {
  const { variant, url, prefix } = JSON.parse(role) as {
    variant: Variant;
    url: string;
    prefix: string;
  };
  await runServer(variant, url, prefix);
} else {
  await main();
}
