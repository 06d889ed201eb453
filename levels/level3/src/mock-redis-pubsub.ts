// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the candidate fills these in.
import type { MessageHandler, PubSub } from './pubsub.js';

/**
 * An in-memory broker standing in for Redis. Every server of a test shares one instance, the way
 * every server of a deployment talks to one Redis.
 */
export class MockRedisPubSub implements PubSub {
  // TODO: keep the handlers of each channel.

  /** Registers `handler` for `channel`; resolves once it will receive every later publish. */
  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    // TODO: add the handler. A handler subscribed twice to one channel is called once a message.
    throw new Error('Not implemented: MockRedisPubSub.subscribe');
  }

  /** Removes `handler` from `channel`; other handlers of the channel keep receiving. */
  async unsubscribe(channel: string, handler: MessageHandler): Promise<void> {
    // TODO: remove the handler; unsubscribing one that is not subscribed does nothing.
    throw new Error('Not implemented: MockRedisPubSub.unsubscribe');
  }

  /** Delivers `message` to every handler of `channel`, later, never inside this call. */
  async publish(channel: string, message: string): Promise<void> {
    // TODO: deliver asynchronously, like a real broker, to every handler subscribed now,
    // including the publisher's own, in publish order.
    throw new Error('Not implemented: MockRedisPubSub.publish');
  }
}
