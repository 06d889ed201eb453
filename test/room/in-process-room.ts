import { EventEmitter } from 'node:events';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ServerMessage } from '../../src/room/protocol/protocol.js';

/**
 * Runs a room without sockets, through the same handlers: a FakeSocket stands in for a ws
 * connection, and every delivery (client to room, room to client, a close) is a task on one FIFO
 * queue, so a run is deterministic and nothing re-enters a handler while it runs, as with ws.
 */
export class TaskQueue {
  readonly #tasks: (() => void)[] = [];

  push(task: () => void): void {
    this.#tasks.push(task);
  }

  /** Runs tasks (and the tasks they add) until none are left. */
  drain(): void {
    for (let task = this.#tasks.shift(); task; task = this.#tasks.shift()) task();
  }
}

/** The part of a ws WebSocket a room uses, delivering through a TaskQueue. */
export class FakeSocket extends EventEmitter {
  readyState = 1;
  readonly bufferedAmount = 0;
  closeCode: number | null = null;
  readonly #queue: TaskQueue;
  readonly #deliver: (data: string | Uint8Array) => void;

  constructor(queue: TaskQueue, deliver: (data: string | Uint8Array) => void) {
    super();
    this.#queue = queue;
    this.#deliver = deliver;
  }

  /** This socket as the room's parameter type. */
  get asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }

  /** Room to client; `onSent` runs once delivered, as ws calls it once written out. */
  send(data: string | Uint8Array, onSent?: () => void): void {
    if (this.readyState !== 1) return;
    const copy = typeof data === 'string' ? data : new Uint8Array(data);
    this.#queue.push(() => {
      this.#deliver(copy);
      onSent?.();
    });
  }

  /** Client to room. */
  receive(data: string | Uint8Array): void {
    if (this.readyState !== 1) return;
    const isBinary = typeof data !== 'string';
    const buffer = Buffer.from(data);
    this.#queue.push(() => {
      if (this.readyState === 1) this.emit('message', buffer, isBinary);
    });
  }

  close(code = 1000): void {
    if (this.readyState !== 1) return;
    this.readyState = 2;
    this.closeCode = code;
    this.#queue.push(() => {
      this.readyState = 3;
      this.emit('close', code, Buffer.alloc(0));
    });
  }

  terminate(): void {
    this.close(1006);
  }

  ping(): void {}
}

/** A participant as the page is: a Y.Doc kept in sync, its edits sent, its messages kept. */
export class FakeClient {
  readonly doc = new Y.Doc();
  readonly messages: ServerMessage[] = [];
  readonly socket: FakeSocket;

  constructor(queue: TaskQueue) {
    this.socket = new FakeSocket(queue, (data) => this.#onData(data));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') this.socket.receive(updateFrame(update));
    });
  }

  /** Messages of one type. */
  all<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
  }

  /** Sends a JSON message. */
  send(message: unknown): void {
    this.socket.receive(JSON.stringify(message));
  }

  #onData(data: string | Uint8Array): void {
    if (typeof data === 'string') {
      this.messages.push(JSON.parse(data) as ServerMessage);
      return;
    }
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'remote');
    if (encoding.length(encoder) > 1) this.socket.receive(encoding.toUint8Array(encoder));
  }
}

/** A sync update frame around a Yjs update. */
export function updateFrame(update: Uint8Array, syncType = 2): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
