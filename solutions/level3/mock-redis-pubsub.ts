import type { MessageHandler, PubSub } from './pubsub.js';

/**
 * An in-memory broker standing in for Redis. Every server of a test shares one instance, the way
 * every server of a deployment talks to one Redis.
 */
export class MockRedisPubSub implements PubSub {
  private readonly channels = new Map<string, Set<MessageHandler>>();

  /** Registers `handler` for `channel`; resolves once it will receive every later publish. */
  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
    }
    handlers.add(handler);
  }

  /** Removes `handler` from `channel`; other handlers of the channel keep receiving. */
  async unsubscribe(channel: string, handler: MessageHandler): Promise<void> {
    // An emptied channel keeps its empty set: a test's broker lives no longer than the test.
    this.channels.get(channel)?.delete(handler);
  }

  /** Delivers `message` to every handler of `channel`, later, never inside this call. */
  async publish(channel: string, message: string): Promise<void> {
    // The receivers are fixed now, as Redis fixes them when it runs PUBLISH. setImmediate runs
    // callbacks in the order they were queued, which keeps publish order, and unlike a microtask
    // it lets timers and I/O run between deliveries, so a publish loop cannot starve the process.
    const handlers = this.channels.get(channel);
    if (!handlers) return;
    const receivers = [...handlers];
    setImmediate(() => {
      for (const handler of receivers) handler(channel, message);
    });
  }
}
