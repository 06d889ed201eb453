import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisProxy } from '../../src/sandbox/redis-bridge.js';
import { createRedisFilter } from '../../src/sandbox/redis-filter.js';

// The jail's one door to Redis. A hostile run that reaches it must not turn Redis against the
// host (`CONFIG SET dir` + `SAVE` writes a file wherever Redis may) or against its other users.

const command = (...words: string[]) =>
  `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.map((c) => c()));
  cleanups = [];
});

/** A fake Redis that keeps every byte it receives, and a proxy to it on a unix socket. */
async function proxyToFake(
  credentials = '',
  reply?: (received: string) => string,
): Promise<{
  received: () => string;
  dial: () => Socket;
  connections: () => number;
}> {
  let received = '';
  let connections = 0;
  const fake: Server = createServer((socket) => {
    connections++;
    socket.on('data', (d) => {
      received += d.toString('latin1');
      if (reply) socket.write(reply(d.toString('latin1')));
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const { port } = fake.address() as { port: number };
  const dir = await mkdtemp(join(tmpdir(), 'kit-redis-bridge-'));
  const proxy = await startRedisProxy(
    join(dir, 'redis.sock'),
    `redis://${credentials}127.0.0.1:${port}`,
  );
  cleanups.push(
    () => proxy.close(),
    () => new Promise((r) => fake.close(r)),
    () => rm(dir, { recursive: true, force: true }),
  );
  return {
    received: () => received,
    dial: () => createConnection(join(dir, 'redis.sock')),
    connections: () => connections,
  };
}

describe('the Redis door of a jailed run', () => {
  it('passes pub/sub commands byte for byte, pipelined and split anywhere', () => {
    const filter = createRedisFilter();
    const stream = Buffer.from(
      command('CLIENT', 'SETNAME', 'kit-a') +
        command('subscribe', 'kit-test:room:1') +
        command('PUBLISH', 'kit-test:room:1', 'x'.repeat(300)) +
        'PING\r\n',
    );
    const out: Buffer[] = [];
    for (let at = 0; at < stream.length; at += 7) {
      const step = filter(stream.subarray(at, at + 7));
      expect(step.refused).toBeUndefined();
      out.push(...step.forward);
    }
    expect(Buffer.concat(out).toString('latin1')).toBe(stream.toString('latin1'));
  });

  it('closes the connection at CONFIG SET dir, and Redis never sees it', async () => {
    const { received, dial } = await proxyToFake();
    const socket = dial();
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.write(command('PING'));
    await expect.poll(received, { interval: 5 }).toBe(command('PING'));
    socket.write(
      command('CONFIG', 'SET', 'dir', '/root/.ssh') +
        command('CONFIG', 'SET', 'dbfilename', 'authorized_keys') +
        command('SAVE'),
    );
    await closed;
    expect(received()).toBe(command('PING'));
  });

  it('opens at most 64 connections to Redis for one run: the kit keeps its own files', async () => {
    const { dial, connections } = await proxyToFake();
    let refused = 0;
    const sockets = Array.from({ length: 100 }, () =>
      dial()
        .on('error', () => {})
        .on('close', () => refused++),
    );
    cleanups.push(async () => {
      for (const s of sockets) s.destroy();
    });
    // Every connection either reaches the fake Redis or is closed by the proxy.
    await expect.poll(() => connections() + refused, { interval: 10 }).toBe(100);
    expect(connections()).toBe(64);
  });

  it('logs in for the run, which never sees the password nor the answer to it', async () => {
    // One answer per command, however the proxy's writes were coalesced.
    const { received, dial } = await proxyToFake('kit:s3cret@', (text) =>
      (text.match(/AUTH|PING/g) ?? [])
        .map((w) => (w === 'AUTH' ? '+OK\r\n' : '+PONG\r\n'))
        .join(''),
    );
    const socket = dial();
    cleanups.unshift(async () => socket.destroy());
    let answers = '';
    socket.on('data', (d) => {
      answers += d.toString('latin1');
    });
    socket.write(command('PING'));
    await expect.poll(() => answers, { interval: 5 }).toBe('+PONG\r\n');
    expect(received()).toBe(command('AUTH', 'kit', 's3cret') + command('PING'));
  });

  it.each([
    ['SAVE'],
    ['FLUSHALL'],
    ['SHUTDOWN', 'NOSAVE'],
    ['REPLICAOF', '10.0.0.1', '6379'],
    ['MODULE', 'LOAD', '/tmp/x.so'],
    ['EVAL', 'return 1', '0'],
    ['KEYS', '*'],
    ['CLIENT', 'PAUSE', '100000000'],
    ['client', 'no-evict', 'on'],
    ['GET', 'session:token'],
  ])('refuses %s', (...words) => {
    expect(createRedisFilter()(Buffer.from(command(...words))).refused).toMatch(/Redis command/);
    expect(createRedisFilter()(Buffer.from(`${words.join(' ')}\r\n`)).refused).toMatch(/Redis/);
  });

  it('refuses a command it cannot read rather than guess', () => {
    expect(createRedisFilter()(Buffer.from('*2\r\n:1\r\n:2\r\n')).refused).toBe(
      'a malformed command',
    );
  });
});
