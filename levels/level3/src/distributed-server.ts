// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the candidate fills these in.
// biome-ignore-all lint/correctness/noUnusedPrivateClassMembers: the candidate uses pubsub.
import type { LocalClient } from './client.js';
import type { PubSub } from './pubsub.js';

/** Options for a DistributedServer. */
export interface ServerOptions {
  /** A fixed id, for logs and tests; a random one by default. */
  serverId?: string;
}

/**
 * One chat server among many. Its users are local clients; users on other servers are reached
 * through the broker, on one channel per room (`roomChannel(room)`).
 */
export class DistributedServer {
  /** Unique among the servers sharing a broker. */
  readonly serverId: string;

  // TODO: keep the local clients, the local members of each room and the rooms of each user.

  constructor(
    private readonly pubsub: PubSub,
    options: ServerOptions = {},
  ) {
    // TODO: a random id when none is given (node:crypto has one).
    this.serverId = options.serverId ?? '';
  }

  /** Registers a client that just connected to this server. */
  handleConnection(client: LocalClient): void {
    // TODO: remember the client by its userId.
    throw new Error('Not implemented: DistributedServer.handleConnection');
  }

  /** Handles a client going away: it leaves every room it was in. */
  async handleDisconnect(userId: string): Promise<void> {
    // TODO: leave every room of the user, then forget the client.
    throw new Error('Not implemented: DistributedServer.handleDisconnect');
  }

  /** Adds a local user to a room; resolves once messages for the room will reach this server. */
  async joinRoom(userId: string, room: string): Promise<void> {
    // TODO: subscribe to the room's channel only for its first local member, and only resolve
    // once the broker acknowledged it. If the subscribe fails, undo the join and reject.
    throw new Error('Not implemented: DistributedServer.joinRoom');
  }

  /** Removes a local user from a room; leaving a room the user is not in does nothing. */
  async leaveRoom(userId: string, room: string): Promise<void> {
    // TODO: unsubscribe when the last local member leaves. A join may race this leave.
    throw new Error('Not implemented: DistributedServer.leaveRoom');
  }

  /** Sends `text` from a local user to every other member of the room, on every server. */
  async sendToRoom(userId: string, room: string, text: string): Promise<void> {
    // TODO: one publish per message. Who delivers to the members on this server?
    throw new Error('Not implemented: DistributedServer.sendToRoom');
  }

  /** The broker calls this for each message on a room channel this server subscribed to. */
  onPubSubMessage(channel: string, message: string): void {
    // TODO: deliver to the local members of the room. Never publish from here.
    throw new Error('Not implemented: DistributedServer.onPubSubMessage');
  }
}
