/** One chat message. `seq` is assigned by the server and grows by one per message in a room. */
export interface Message {
  readonly id: string;
  readonly roomId: string;
  /** The sender. */
  readonly userId: string;
  readonly text: string;
  readonly seq: number;
}

/** Delivery counters, for a whole server or for one member of a room. */
export interface DeliveryMetrics {
  /** Messages put into a buffer. */
  enqueued: number;
  /** Messages the transport accepted. */
  delivered: number;
  /** Messages evicted from a full buffer, or discarded when their user left the room. */
  dropped: number;
  /** Messages discarded because the transport threw while sending them. */
  failed: number;
  /** Messages waiting in buffers now. */
  queued: number;
}
