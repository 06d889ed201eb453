import { randomUUID } from 'node:crypto';
import type { ChatMessage, LocalClient } from './client.js';
import { type MessageHandler, type PubSub, roomChannel } from './pubsub.js';

/** Options for a DistributedServer. */
export interface ServerOptions {
  /** A fixed id, for logs and tests; a random one by default. */
  serverId?: string;
}

/** What travels on a room channel: the message and the server it came from. */
interface Envelope {
  origin: string;
  payload: ChatMessage;
}

/** A local member of a room. Each join makes a new one, so a failed join can tell if it is the last. */
interface Membership {
  client: LocalClient;
}

const NOBODY: ReadonlyMap<string, Membership> = new Map();

/**
 * One chat server among many. Its users are local clients; users on other servers are reached
 * through the broker, on one channel per room (`roomChannel(room)`).
 */
export class DistributedServer {
  /** Unique among the servers sharing a broker. */
  readonly serverId: string;

  private readonly clients = new Map<string, LocalClient>();
  /** The local members of each room that has at least one. */
  private readonly rooms = new Map<string, Map<string, Membership>>();
  /** Rooms whose channel the broker has acknowledged a subscription to. */
  private readonly subscribed = new Set<string>();
  /** The tail of each room's chain of subscription changes. */
  private readonly chains = new Map<string, Promise<void>>();
  /** The one listener this server registers, whatever the channel. */
  private readonly listener: MessageHandler = (channel, message) =>
    this.onPubSubMessage(channel, message);

  constructor(
    private readonly pubsub: PubSub,
    options: ServerOptions = {},
  ) {
    this.serverId = options.serverId ?? randomUUID();
  }

  /** Registers a client that just connected to this server. */
  handleConnection(client: LocalClient): void {
    this.clients.set(client.userId, client);
  }

  /** Handles a client going away: it leaves every room it was in. */
  async handleDisconnect(userId: string): Promise<void> {
    this.clients.delete(userId);
    // Stryker disable next-line MethodExpression: leaving a room one is not in does nothing.
    const rooms = [...this.rooms].filter(([, members]) => members.has(userId));
    await Promise.all(rooms.map(([room]) => this.leaveRoom(userId, room)));
  }

  /** Adds a local user to a room; resolves once messages for the room will reach this server. */
  async joinRoom(userId: string, room: string): Promise<void> {
    // Only connected users join: the task lets us assume it.
    const join: Membership = { client: this.clients.get(userId) as LocalClient };
    const members = this.rooms.get(room) ?? new Map<string, Membership>();
    members.set(userId, join);
    this.rooms.set(room, members);
    try {
      // Even a repeated join waits: the first join's subscription may still be in flight.
      await this.syncSubscription(room);
    } catch (error) {
      // The room is unreachable from here; a join that looks done but never delivers is worse.
      // A later join of the same user subscribes again after this one: it decides instead.
      if (members.get(userId) === join) this.removeMember(userId, room);
      throw error;
    }
  }

  /** Removes a local user from a room; leaving a room the user is not in does nothing. */
  async leaveRoom(userId: string, room: string): Promise<void> {
    this.removeMember(userId, room);
    // Harmless when nothing changed: the step compares membership with the subscription.
    await this.syncSubscription(room);
  }

  /** Sends `text` from a local user to every other member of the room, on every server. */
  async sendToRoom(userId: string, room: string, text: string): Promise<void> {
    const payload: ChatMessage = { room, from: userId, text };
    // Local members get it now; the broker's copy of our own publish is dropped by origin.
    this.deliverLocally(payload);
    const envelope: Envelope = { origin: this.serverId, payload };
    await this.pubsub.publish(roomChannel(room), JSON.stringify(envelope));
  }

  /** The broker calls this for each message on a room channel this server subscribed to. */
  onPubSubMessage(_channel: string, message: string): void {
    // Only servers of this kind publish on room channels, each an envelope made by sendToRoom.
    const envelope = JSON.parse(message) as Envelope;
    // Our own publish comes back because we subscribe to the channel we publish on.
    if (envelope.origin === this.serverId) return;
    // Deliver only: publishing from here would bounce the message between servers forever.
    this.deliverLocally(envelope.payload);
  }

  private deliverLocally(message: ChatMessage): void {
    for (const [userId, { client }] of this.rooms.get(message.room) ?? NOBODY) {
      if (userId !== message.from) client.send(message);
    }
  }

  private removeMember(userId: string, room: string): void {
    const members = this.rooms.get(room);
    members?.delete(userId);
    if (members?.size === 0) this.rooms.delete(room);
  }

  /**
   * Brings the room's subscription in line with its membership. Changes run one at a time per room
   * and each reads the membership when it runs, so a leave racing a join settles on what the
   * members are at the end, whatever order the broker acknowledges in.
   */
  private syncSubscription(room: string): Promise<void> {
    const step = (this.chains.get(room) ?? Promise.resolve()).then(async () => {
      const wanted = this.rooms.has(room);
      if (wanted && !this.subscribed.has(room)) {
        await this.pubsub.subscribe(roomChannel(room), this.listener);
        this.subscribed.add(room);
      } else if (!wanted && this.subscribed.has(room)) {
        await this.pubsub.unsubscribe(roomChannel(room), this.listener);
        this.subscribed.delete(room);
      }
    });
    const tail = step.catch(() => {});
    this.chains.set(room, tail);
    // Stryker disable next-line BlockStatement: dropping the cleanup only keeps a settled promise.
    void tail.then(() => {
      // Stryker disable next-line ConditionalExpression: `false` only keeps a settled promise.
      if (this.chains.get(room) === tail) this.chains.delete(room);
    });
    return step;
  }
}
