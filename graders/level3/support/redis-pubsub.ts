import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { MessageHandler, PubSub } from '../../../solutions/level3/pubsub.js';

type RedisClient = ReturnType<typeof createClient>;
type Listener = (message: string, channel: string) => void;

/** How to reach Redis and how to name what this broker creates there. */
export interface RedisPubSubOptions {
  /** For example `redis://127.0.0.1:6379`. */
  url: string;
  /** Put in front of every channel, so several kits or test runs can share one Redis. */
  prefix?: string;
  /** Base of the connection names shown by `CLIENT LIST`; random by default. */
  name?: string;
  /** Called with connection errors; node-redis reconnects by itself after them. */
  onError?: (error: unknown) => void;
}

/**
 * The level's PubSub on a real Redis. A connection in subscribe mode can run nothing but
 * (un)subscribe commands, so publishing goes over a second connection. After a dropped connection
 * node-redis reconnects and subscribes again to every channel that still has a listener before it
 * reports `ready`; delivery resumes from there (messages published while it was away are lost,
 * which is what Redis pub/sub promises: at most once).
 */
export class RedisPubSub implements PubSub {
  /** The subscriber connection's name in `CLIENT LIST`. */
  readonly subscriberName: string;
  private readonly listeners = new Map<string, Map<MessageHandler, Listener>>();
  private readyWaiters: Array<() => void> = [];

  private constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
    name: string,
  ) {
    this.subscriberName = `${name}-sub`;
    subscriber.on('ready', () => {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const wake of waiters) wake();
    });
  }

  /** Opens both connections; resolves once Redis accepted them. */
  static async connect(options: RedisPubSubOptions): Promise<RedisPubSub> {
    const name = options.name ?? `kit-${randomUUID().slice(0, 8)}`;
    const onError = options.onError ?? (() => {});
    const open = (role: string): RedisClient => {
      const client = createClient({
        url: options.url,
        name: `${name}-${role}`,
        // Reconnect quickly: a chat server that is off the bus drops every remote message.
        socket: { reconnectStrategy: (retries) => Math.min(50 * (retries + 1), 1_000) },
      });
      // Without a listener an 'error' event would crash the process.
      client.on('error', onError);
      return client;
    };
    const publisher = open('pub');
    const subscriber = open('sub');
    await Promise.all([publisher.connect(), subscriber.connect()]);
    return new RedisPubSub(publisher, subscriber, options.prefix ?? 'kit:', name);
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    let byHandler = this.listeners.get(channel);
    if (!byHandler) {
      byHandler = new Map();
      this.listeners.set(channel, byHandler);
    }
    if (byHandler.has(handler)) return;
    // Handlers get the channel name without the prefix, as the server subscribed to it.
    const listener: Listener = (message) => handler(channel, message);
    byHandler.set(handler, listener);
    try {
      await this.subscriber.subscribe(this.prefix + channel, listener);
    } catch (error) {
      byHandler.delete(handler);
      if (byHandler.size === 0) this.listeners.delete(channel);
      throw error;
    }
  }

  async unsubscribe(channel: string, handler: MessageHandler): Promise<void> {
    const byHandler = this.listeners.get(channel);
    const listener = byHandler?.get(handler);
    if (!byHandler || !listener) return;
    byHandler.delete(handler);
    if (byHandler.size === 0) this.listeners.delete(channel);
    // node-redis sends UNSUBSCRIBE only when the channel's last listener goes.
    await this.subscriber.unsubscribe(this.prefix + channel, listener);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  /** Resolves the next time the subscriber connection is ready, resubscriptions included. */
  nextSubscriberReady(): Promise<void> {
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Closes both connections after their pending commands. */
  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.close(), this.publisher.close()]);
  }
}
