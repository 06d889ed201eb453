import { Signal, settle } from './wait.js';

/** The handler shape of the level's PubSub interface. */
export type Handler = (channel: string, message: string) => void;

/** A call a server made on its connection. */
export type Operation = 'subscribe' | 'unsubscribe' | 'publish';

/** A subscribe or unsubscribe held back by `holdAll`, waiting for the grader to release it. */
export interface HeldCall {
  op: 'subscribe' | 'unsubscribe';
  channel: string;
  release(): void;
}

/** A subscribe or unsubscribe held back until the grader releases its acknowledgement. */
export interface Gate {
  /** Resolves when the server makes the held call. */
  called: Promise<void>;
  /** Lets the broker acknowledge the call: it takes effect, then the server's promise resolves. */
  release(): void;
}

interface Subscription {
  connection: BrokerConnection;
  handler: Handler;
}

/**
 * An in-memory broker for graders, made to drive races by hand. Like Redis it runs commands in
 * order on one queue and delivers to the subscribers of a channel when it runs the PUBLISH; unlike
 * the candidate's mock, a grader can hold a subscribe or unsubscribe acknowledgement, make a
 * subscribe fail, and count every call a server made. The queue drains one batch per
 * `setImmediate`, so a server caught in a publish loop cannot starve the grader's timers.
 */
export class TestBroker {
  /** Errors thrown by handlers; a grader shows them instead of crashing the run. */
  readonly handlerErrors: unknown[] = [];
  private readonly channels = new Map<string, Subscription[]>();
  private queue: Array<() => void> = [];
  private scheduled = false;
  private closed = false;

  /** A new connection to the broker, one per server. */
  connect(name: string): BrokerConnection {
    return new BrokerConnection(name, this);
  }

  /** Resolves once the broker has run everything queued, including what that queued in turn. */
  async idle(): Promise<void> {
    for (let round = 0; round < 1_000; round += 1) {
      await settle();
      if (this.queue.length === 0 && !this.scheduled) return;
    }
    throw new Error('The broker never went idle: a server keeps calling it');
  }

  /** Drops everything queued and ignores every later call. */
  close(): void {
    this.closed = true;
    this.queue = [];
  }

  /** @internal Queues a command; the broker runs it after the caller's current turn. */
  enqueue(command: () => void): void {
    if (this.closed) return;
    this.queue.push(command);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** @internal */
  add(channel: string, subscription: Subscription): void {
    const list = this.channels.get(channel) ?? [];
    const known = list.some(
      (s) => s.connection === subscription.connection && s.handler === subscription.handler,
    );
    if (!known) list.push(subscription);
    this.channels.set(channel, list);
  }

  /** @internal */
  remove(channel: string, connection: BrokerConnection, handler: Handler): void {
    const list = (this.channels.get(channel) ?? []).filter(
      (s) => s.connection !== connection || s.handler !== handler,
    );
    if (list.length === 0) this.channels.delete(channel);
    else this.channels.set(channel, list);
  }

  /** @internal How many handlers `connection` has subscribed to `channel` right now. */
  live(channel: string, connection: BrokerConnection): number {
    return (this.channels.get(channel) ?? []).filter((s) => s.connection === connection).length;
  }

  /** @internal */
  deliver(channel: string, message: string): void {
    for (const { connection, handler } of [...(this.channels.get(channel) ?? [])]) {
      connection.record(channel);
      try {
        handler(channel, message);
      } catch (error) {
        this.handlerErrors.push(error);
      }
    }
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const command of batch) {
      if (this.closed) return;
      command();
    }
  }
}

/** One server's connection: implements the level's PubSub and records what the server did. */
export class BrokerConnection {
  /** Every call in order, with its channel. */
  readonly calls: Array<{ op: Operation; channel: string }> = [];
  /** What the server published, in order. */
  readonly published: Array<{ channel: string; message: string }> = [];
  /** Handler invocations per channel. */
  readonly deliveries = new Map<string, number>();
  private readonly signal = new Signal();
  private readonly gates = new Map<string, Array<{ arrived: () => void; opened: Promise<void> }>>();
  private readonly failures = new Map<string, Array<{ message: string; answered: () => void }>>();
  private holding = false;
  private held: HeldCall[] = [];

  constructor(
    readonly name: string,
    private readonly broker: TestBroker,
  ) {}

  subscribe(channel: string, handler: Handler): Promise<void> {
    this.log('subscribe', channel);
    const failure = this.failures.get(channel)?.shift();
    if (failure !== undefined) {
      return new Promise((_, reject) =>
        this.broker.enqueue(() => {
          reject(new Error(failure.message));
          failure.answered();
        }),
      );
    }
    return this.acknowledge('subscribe', channel, () =>
      this.broker.add(channel, { connection: this, handler }),
    );
  }

  unsubscribe(channel: string, handler: Handler): Promise<void> {
    this.log('unsubscribe', channel);
    return this.acknowledge('unsubscribe', channel, () =>
      this.broker.remove(channel, this, handler),
    );
  }

  publish(channel: string, message: string): Promise<void> {
    this.log('publish', channel);
    this.published.push({ channel, message });
    this.broker.enqueue(() => this.broker.deliver(channel, message));
    return Promise.resolve();
  }

  /** How many calls of `op` the server made, on one channel or on all. */
  count(op: Operation, channel?: string): number {
    return this.calls.filter((c) => c.op === op && (channel === undefined || c.channel === channel))
      .length;
  }

  /** How many times the broker called this server's handlers for `channel`. */
  delivered(channel: string): number {
    return this.deliveries.get(channel) ?? 0;
  }

  /** Holds the acknowledgement of the next `op` on `channel` until the gate is released. */
  hold(op: 'subscribe' | 'unsubscribe', channel: string): Gate {
    let arrived = (): void => {};
    const called = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let open = (): void => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const key = `${op} ${channel}`;
    this.gates.set(key, [...(this.gates.get(key) ?? []), { arrived, opened }]);
    return { called, release: open };
  }

  /**
   * Holds every later subscribe and unsubscribe acknowledgement of this connection until the
   * grader releases it with `releaseHeld`, so a test can acknowledge calls in any order it likes.
   */
  holdAll(): void {
    this.holding = true;
  }

  /** Stops holding and releases every call still held, oldest first. */
  stopHolding(): void {
    this.holding = false;
    while (this.held.length > 0) this.releaseHeld('oldest');
  }

  /** The calls held right now, oldest first. */
  heldCalls(): readonly HeldCall[] {
    return this.held;
  }

  /** Releases the oldest or the newest held call; returns false when none is held. */
  releaseHeld(which: 'oldest' | 'newest'): boolean {
    const call = which === 'oldest' ? this.held.shift() : this.held.pop();
    call?.release();
    return call !== undefined;
  }

  /** How many handlers this server has subscribed to `channel` right now, acknowledged ones only. */
  subscriptions(channel: string): number {
    return this.broker.live(channel, this);
  }

  /**
   * Makes the next subscribe to `channel` fail with this message (each call queues one refusal).
   * Resolves once the broker has answered that subscribe with the refusal.
   */
  failNextSubscribe(channel: string, message: string): Promise<void> {
    return new Promise((answered) => {
      this.failures.set(channel, [...(this.failures.get(channel) ?? []), { message, answered }]);
    });
  }

  /** Drops the refusals queued by `failNextSubscribe` that no subscribe used. */
  clearRefusals(): void {
    this.failures.clear();
  }

  /** Resolves once the server made `n` calls of `op` on `channel`. */
  waitForCalls(op: Operation, channel: string, n: number): Promise<void> {
    return this.signal.until(
      () => this.count(op, channel) >= n,
      () => `${this.name} to ${op} ${channel} ${n} time(s) (${this.count(op, channel)} so far)`,
    );
  }

  /** @internal */
  record(channel: string): void {
    this.deliveries.set(channel, this.delivered(channel) + 1);
  }

  private log(op: Operation, channel: string): void {
    this.calls.push({ op, channel });
    this.signal.notify();
  }

  private acknowledge(op: Operation, channel: string, effect: () => void): Promise<void> {
    const key = `${op} ${channel}`;
    const gate = this.gates.get(key)?.shift();
    return new Promise<void>((resolve) => {
      const ack = (): void =>
        this.broker.enqueue(() => {
          effect();
          resolve();
        });
      if (!gate && this.holding && op !== 'publish') {
        this.held.push({ op, channel, release: ack });
        this.signal.notify();
        return;
      }
      if (!gate) return ack();
      gate.arrived();
      void gate.opened.then(ack);
    });
  }
}
