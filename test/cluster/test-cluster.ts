import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type RedisClient } from '../../src/room/cluster/redis-connect.js';
import type { TestClient } from '../room/helpers.js';
import {
  connectRetrying,
  type createSession,
  type Instance,
  startInstance,
  stopInstance,
} from './instances.js';
import { startRedis, type TestRedis } from './redis-server.js';

type Session = Awaited<ReturnType<typeof createSession>>;
type Role = keyof Session['tokens'];

const NAMES: Record<Role, string> = { interviewer: 'Ivy', candidate: 'Cam', observer: 'Obi' };

/** One Redis, its `kit serve --redis` instances, and the clients a test connected to them. */
export interface TestCluster {
  redis: TestRedis;
  instances: Instance[];
  clients: TestClient[];
  /** Joins a session as `role` through `origin` (retrying while the room moves); closed after. */
  connect(origin: string, session: Session, role: Role): Promise<TestClient>;
}

/** Options of useCluster: how many instances, Redis with an append-only file, extra serve args. */
export interface ClusterOptions {
  instances?: number;
  persist?: boolean;
  /** Extra `kit serve` arguments, asked for once Redis is up, before the instances start. */
  serveArgs?: () => string[] | Promise<string[]>;
}

/** Starts a test deployment in beforeAll and closes its clients, instances and Redis in afterAll. */
export function useCluster(options: ClusterOptions = {}): TestCluster {
  const clients: TestClient[] = [];
  const cluster: TestCluster = {
    redis: undefined as unknown as TestRedis,
    instances: [],
    clients,
    async connect(origin, session, role) {
      const client = await connectRetrying(origin, session.id, session.tokens[role], NAMES[role]);
      clients.push(client);
      return client;
    },
  };
  beforeAll(async () => {
    cluster.redis = await startRedis({ persist: options.persist });
    const args = (await options.serveArgs?.()) ?? [];
    cluster.instances = await Promise.all(
      Array.from({ length: options.instances ?? 1 }, () => startInstance(cluster.redis.url, args)),
    );
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.ws.close();
    for (const i of cluster.instances) await stopInstance(i);
    await cluster.redis?.close();
  });
  return cluster;
}

/**
 * A client of the cluster's Redis for the test itself (to pause its writes, read what it holds),
 * connected in beforeAll; in afterAll any pause is ended and the client closed.
 */
export function useRedisAdmin(cluster: TestCluster): { client: RedisClient } {
  const admin = { client: undefined as unknown as RedisClient };
  beforeAll(async () => {
    admin.client = await connectRedis(cluster.redis.url);
  });
  afterAll(async () => {
    if (!admin.client?.isOpen) return;
    await admin.client.sendCommand(['CLIENT', 'UNPAUSE']).catch(() => null);
    admin.client.destroy();
  });
  return admin;
}
