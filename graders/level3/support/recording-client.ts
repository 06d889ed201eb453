import { Signal, WAIT_MS } from './wait.js';

/** The shape of what a level 3 server hands a local client. */
export interface Received {
  room: string;
  from: string;
  text: string;
}

/** A local client that records what it gets, so a grader can wait for a message and count it. */
export class RecordingClient {
  readonly received: Received[] = [];
  private readonly signal = new Signal();

  constructor(readonly userId: string) {}

  send(message: Received): void {
    this.received.push({ room: message.room, from: message.from, text: message.text });
    this.signal.notify();
  }

  texts(): string[] {
    return this.received.map((message) => message.text);
  }

  /** How many times a message with this text arrived. */
  count(text: string): number {
    return this.received.filter((message) => message.text === text).length;
  }

  /** Resolves once a message with this text arrived. */
  waitFor(text: string, ms = WAIT_MS): Promise<void> {
    return this.signal.until(
      () => this.count(text) > 0,
      () => `${this.userId} to receive "${text}" (got ${JSON.stringify(this.texts())})`,
      ms,
    );
  }

  /** Resolves once `n` messages arrived. */
  waitForCount(n: number, ms = WAIT_MS): Promise<void> {
    return this.signal.until(
      () => this.received.length >= n,
      () => `${this.userId} to receive ${n} messages (got ${this.received.length})`,
      ms,
    );
  }
}
