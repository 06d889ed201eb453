/** What a local client receives for each message sent to one of its rooms. */
export interface ChatMessage {
  room: string;
  from: string;
  text: string;
}

/**
 * A user connected to one server. In production this wraps a WebSocket; in this level it is an
 * in-process object, so nothing here needs a socket.
 */
export interface LocalClient {
  readonly userId: string;
  send(message: ChatMessage): void;
}

/** A LocalClient that keeps what it was sent, for tests and experiments. */
export class FakeClient implements LocalClient {
  readonly received: ChatMessage[] = [];

  constructor(readonly userId: string) {}

  send(message: ChatMessage): void {
    this.received.push(message);
  }

  /** The texts received so far, in order. */
  texts(): string[] {
    return this.received.map((message) => message.text);
  }
}
