/** Called with the channel a message arrived on and the message itself. */
export type MessageHandler = (channel: string, message: string) => void;

/**
 * A publish/subscribe broker as one server sees it. `MockRedisPubSub` implements it in memory; the
 * kit's Redis broker implements it on a real Redis, so `DistributedServer` runs unchanged on both.
 *
 * - `subscribe` resolves once the broker has acknowledged it: from then on, every message published
 *   on the channel reaches `handler`.
 * - `unsubscribe` removes that one handler; other handlers on the channel keep receiving.
 * - `publish` hands the message to the broker. Delivery happens later, asynchronously, to every
 *   handler subscribed to the channel, the publisher's own included, in publish order.
 * - A broker may acknowledge calls out of order: do not rely on a subscribe issued after an
 *   unsubscribe of the same channel taking effect after it.
 */
export interface PubSub {
  subscribe(channel: string, handler: MessageHandler): Promise<void>;
  unsubscribe(channel: string, handler: MessageHandler): Promise<void>;
  publish(channel: string, message: string): Promise<void>;
}

/** The broker channel that carries the messages of one room. */
export function roomChannel(room: string): string {
  return `room:${room}`;
}
