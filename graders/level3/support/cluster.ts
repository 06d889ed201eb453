import { DistributedServer } from '#attempt/distributed-server';
import { RecordingClient } from './recording-client.js';
import { type BrokerConnection, TestBroker } from './test-broker.js';

/** The channel of a room, as the task fixes it (`roomChannel` in pubsub.ts). */
export function channel(room: string): string {
  return `room:${room}`;
}

interface Node {
  server: DistributedServer;
  bus: BrokerConnection;
}

/**
 * Several of the candidate's servers on one TestBroker, each with its own connection, plus the
 * users connected to them. Servers are created on first mention.
 */
export class Cluster {
  readonly broker = new TestBroker();
  private readonly nodes = new Map<string, Node>();
  private readonly homes = new Map<string, string>();

  /** The server named `name`, created with that id. */
  server(name: string): DistributedServer {
    return this.node(name).server;
  }

  /** The broker connection of server `name`, with its call log. */
  bus(name: string): BrokerConnection {
    return this.node(name).bus;
  }

  /** Connects a new recording client for `userId` to server `name`. */
  connect(name: string, userId: string): RecordingClient {
    const client = new RecordingClient(userId);
    this.server(name).handleConnection(client);
    this.homes.set(userId, name);
    return client;
  }

  /** Connects `userId` to server `name` and joins it to each room. */
  async member(name: string, userId: string, ...rooms: string[]): Promise<RecordingClient> {
    const client = this.connect(name, userId);
    for (const room of rooms) await this.server(name).joinRoom(userId, room);
    return client;
  }

  /** The server `userId` is connected to. */
  home(userId: string): DistributedServer {
    const name = this.homes.get(userId);
    if (name === undefined) throw new Error(`Grader bug: ${userId} was never connected`);
    return this.server(name);
  }

  send(userId: string, room: string, text: string): Promise<void> {
    return this.home(userId).sendToRoom(userId, room, text);
  }

  /** Publish calls made by every server together. */
  publishes(): number {
    let total = 0;
    for (const { bus } of this.nodes.values()) total += bus.count('publish');
    return total;
  }

  /** Resolves once the broker answered every call made so far: acknowledgements have landed. */
  idle(): Promise<void> {
    return this.broker.idle();
  }

  close(): void {
    this.broker.close();
  }

  private node(name: string): Node {
    let node = this.nodes.get(name);
    if (!node) {
      const bus = this.broker.connect(name);
      node = { server: new DistributedServer(bus, { serverId: name }), bus };
      this.nodes.set(name, node);
    }
    return node;
  }
}
