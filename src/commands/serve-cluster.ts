import { ClusterNode } from '../room/cluster/cluster-node.js';
import { connectRedis, duplicateClient, hidePassword } from '../room/cluster/redis-connect.js';
import { createQueueRunner } from '../room/cluster/run-queue.js';
import { StreamFollower } from '../room/cluster/stream-follower.js';
import type { RoomRunner } from '../room/live/runner.js';

/** What `kit serve --redis` adds to a server: the queue its runs go to. */
export interface ServeCluster {
  runner: RoomRunner;
  /** This instance in the cluster: the server's `io` and `cluster` options. */
  node: ClusterNode;
  /** The Redis URL without its password. */
  redis: string;
  close(): Promise<void>;
}

/**
 * Connects to the deployment's Redis: the server's runs go to `kit worker` processes, and its
 * sessions are shared with the other instances (see ClusterNode).
 */
export async function startServeCluster(
  url: string,
  dataDir: string,
  log: (message: string, error?: unknown) => void,
): Promise<ServeCluster> {
  const onError = (error: Error) => log(`redis: ${error.message}`);
  const client = await connectRedis(url, onError);
  const queue = await createQueueRunner({ client, log });
  const follower = new StreamFollower(duplicateClient(client, onError));
  const node = await ClusterNode.start({ client, follower, dataDir, log });
  return {
    runner: queue,
    node,
    redis: hidePassword(url),
    async close() {
      await node.close();
      await follower.stop();
      await queue.close();
      if (client.isOpen) client.destroy();
    },
  };
}
