import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { DistributedServer } from '#attempt/distributed-server';
import { RecordingClient } from './support/recording-client.js';
import { RedisPubSub } from './support/redis-pubsub.js';
import { within } from './support/wait.js';

// The candidate's DistributedServer over the kit's RedisPubSub, on the Redis at REDIS_URL
// (`bash scripts/with-redis.sh ...` starts one). Without REDIS_URL these tests are skipped.
const url = process.env.REDIS_URL ?? '';
const noRedis = url === '';
const REDIS_WAIT_MS = 10_000;

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  const pending = cleanups;
  cleanups = [];
  await Promise.allSettled(pending.map((cleanup) => cleanup()));
});

/** One test's servers, all on channels under a prefix no other test or run uses. */
function redisCluster() {
  const prefix = `kit-test:${randomUUID()}:`;
  const buses: RedisPubSub[] = [];
  return {
    prefix,
    async server(name: string): Promise<{ server: DistributedServer; bus: RedisPubSub }> {
      const bus = await RedisPubSub.connect({ url, prefix, name: `kit-${name}-${randomUUID()}` });
      buses.push(bus);
      cleanups.push(() => bus.close());
      return { server: new DistributedServer(bus, { serverId: name }), bus };
    },
    buses,
  };
}

/** A plain connection for looking at and poking the Redis server itself. */
async function control() {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  cleanups.push(() => client.close());
  return client;
}

/**
 * Resolves once `wanted` connections are subscribed to the room's channel, asking Redis again
 * after each answer (PUBSUB NUMSUB runs on another connection than the SUBSCRIBE); bounded.
 */
async function numsubBecomes(prefix: string, room: string, wanted: number, what: string) {
  const redis = await control();
  const numsub = async (): Promise<number> => {
    const reply = (await redis.sendCommand([
      'PUBSUB',
      'NUMSUB',
      `${prefix}room:${room}`,
    ])) as unknown[];
    return Number(reply[1]);
  };
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if ((await numsub()) === wanted) return;
  }
  expect(await numsub(), what).toBe(wanted);
}

function join(server: DistributedServer, userId: string, ...rooms: string[]) {
  const client = new RecordingClient(userId);
  server.handleConnection(client);
  return Promise.all(rooms.map((room) => server.joinRoom(userId, room))).then(() => client);
}

describe('on a real Redis', () => {
  it.skipIf(noRedis)('[R12] routes room messages across three servers on Redis', async () => {
    const cluster = redisCluster();
    const s1 = (await cluster.server('S1')).server;
    const s2 = (await cluster.server('S2')).server;
    const s3 = (await cluster.server('S3')).server;
    const u1 = await join(s1, 'U1', 'X');
    const u2 = await join(s2, 'U2', 'X');
    const u3 = await join(s3, 'U3', 'X');
    await numsubBecomes(cluster.prefix, 'X', 3, 'the three servers to subscribe to room:X');
    await s1.sendToRoom('U1', 'X', 'hello');
    await u2.waitFor('hello', REDIS_WAIT_MS);
    await u3.waitFor('hello', REDIS_WAIT_MS);
    await s2.sendToRoom('U2', 'X', 'reply');
    await u1.waitFor('reply', REDIS_WAIT_MS);
    await u3.waitFor('reply', REDIS_WAIT_MS);
  });

  it.skipIf(noRedis)(
    '[R12] holds a Redis subscription while the room has a local member and releases it after',
    async () => {
      const cluster = redisCluster();
      const { server } = await cluster.server('S1');
      server.handleConnection(new RecordingClient('U1'));
      server.handleConnection(new RecordingClient('U2'));
      await server.joinRoom('U1', 'X');
      await server.joinRoom('U2', 'X');
      await numsubBecomes(cluster.prefix, 'X', 1, 'subscribers of room:X while it has members');
      await server.leaveRoom('U1', 'X');
      await server.leaveRoom('U2', 'X');
      await numsubBecomes(
        cluster.prefix,
        'X',
        0,
        'subscribers of room:X after its last member left',
      );
    },
  );

  it.skipIf(noRedis)(
    '[R12] delivery resumes after the subscriber connection is killed',
    async () => {
      const cluster = redisCluster();
      const s1 = (await cluster.server('S1')).server;
      const { server: s99, bus } = await cluster.server('S99');
      await join(s1, 'U1', 'X');
      const u99 = await join(s99, 'U99', 'X');
      await numsubBecomes(cluster.prefix, 'X', 2, 'both servers to subscribe to room:X');
      await s1.sendToRoom('U1', 'X', 'before');
      await u99.waitFor('before', REDIS_WAIT_MS);

      const redis = await control();
      const list = String(await redis.sendCommand(['CLIENT', 'LIST']));
      const line = list.split('\n').find((l) => l.includes(` name=${bus.subscriberName} `));
      const id = line?.match(/^id=(\d+) /)?.[1];
      expect(id, `no connection named ${bus.subscriberName} in CLIENT LIST`).toBeDefined();
      const ready = bus.nextSubscriberReady();
      await redis.sendCommand(['CLIENT', 'KILL', 'ID', String(id)]);
      // node-redis reports ready only after it subscribed again to every channel.
      await within(ready, 'the subscriber connection to come back', REDIS_WAIT_MS);

      await s1.sendToRoom('U1', 'X', 'after');
      await u99.waitFor('after', REDIS_WAIT_MS);
    },
  );
});
