import { EventEmitter, once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { until, WAIT_MS, within } from './wait.js';

/** Frame opcodes from RFC 6455, section 5.2. */
export const Opcode = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9 } as const;

/** The sample key of RFC 6455: any valid key will do, and a fixed one keeps runs identical. */
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/**
 * Encodes one client frame by hand. `masked: false` breaks the protocol on purpose: a server must
 * reject an unmasked client frame (RFC 6455, 5.1).
 */
export function encodeFrame(
  opcode: number,
  payload: Buffer,
  { masked = true, fin = true }: { masked?: boolean; fin?: boolean } = {},
): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | opcode;
  const lengthBits = extended === 0 ? length : extended === 2 ? 126 : 127;
  header[1] = (masked ? 0x80 : 0) | lengthBits;
  if (extended === 2) header.writeUInt16BE(length, 2);
  if (extended === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) return Buffer.concat([header, payload]);
  MASK.copy(header, 2 + extended);
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = (payload[i] ?? 0) ^ (MASK[i & 3] ?? 0);
  return Buffer.concat([header, body]);
}

/**
 * Counts the complete data frames in a server's byte stream without decoding payloads, so a
 * receiver costs next to nothing and a benchmark measures the server rather than its clients.
 */
export class FrameCounter {
  /** Complete text and binary frames seen so far (control frames are not counted). */
  dataFrames = 0;
  /** Whether a close frame arrived. */
  sawClose = false;
  /** Ping frames seen so far. */
  pings = 0;
  #skip = 0;
  #countWhenSkipped = false;
  #partial: Buffer | undefined;

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.#partial !== undefined) {
      buf = Buffer.concat([this.#partial, chunk]);
      this.#partial = undefined;
    }
    let offset = 0;
    while (offset < buf.length || (this.#skip === 0 && this.#countWhenSkipped)) {
      if (this.#skip > 0) {
        const step = Math.min(this.#skip, buf.length - offset);
        this.#skip -= step;
        offset += step;
        if (this.#skip > 0) return;
      }
      if (this.#countWhenSkipped) {
        this.dataFrames++;
        this.#countWhenSkipped = false;
      }
      if (offset >= buf.length) return;
      const headerEnd = this.#readHeader(buf, offset);
      if (headerEnd === undefined) {
        this.#partial = Buffer.from(buf.subarray(offset));
        return;
      }
      offset = headerEnd;
    }
  }

  /** Parses the frame header at `offset`; returns where its payload starts, or undefined. */
  #readHeader(buf: Buffer, offset: number): number | undefined {
    const available = buf.length - offset;
    if (available < 2) return undefined;
    const first = buf[offset] ?? 0;
    const second = buf[offset + 1] ?? 0;
    let length = second & 0x7f;
    let size = 2;
    if (length === 126) {
      if (available < 4) return undefined;
      length = buf.readUInt16BE(offset + 2);
      size = 4;
    } else if (length === 127) {
      if (available < 10) return undefined;
      length = Number(buf.readBigUInt64BE(offset + 2));
      size = 10;
    }
    if (second & 0x80) size += 4;
    if (available < size) return undefined;
    const opcode = first & 0x0f;
    if (opcode === Opcode.close) this.sawClose = true;
    if (opcode === Opcode.ping) this.pings++;
    this.#skip = length;
    this.#countWhenSkipped = (first & 0x80) !== 0 && opcode < 0x8;
    return offset + size;
  }
}

/** One read buffer for every raw client: each read is consumed before the next one lands. */
const READ_BUFFER = Buffer.alloc(64 * 1024);

/**
 * A WebSocket client spoken by hand over node:net, for frames a real client refuses to send and for
 * receivers cheap enough that a benchmark measures the server. It reads with `onread`, so pause()
 * stops reading at the socket itself and the kernel holds what arrives meanwhile.
 */
export class RawClient {
  readonly socket: Socket;
  readonly frames = new FrameCounter();
  readonly #updates = new EventEmitter();
  readonly #closed: Promise<void>;
  #head: Buffer | undefined = Buffer.alloc(0);

  private constructor(port: number) {
    this.socket = connect({
      host: '127.0.0.1',
      port,
      onread: {
        buffer: READ_BUFFER,
        callback: (length) => {
          this.#read(READ_BUFFER.subarray(0, length));
          return true;
        },
      },
    });
    this.socket.on('error', () => {});
    this.#closed = once(this.socket, 'close').then(() => undefined);
    this.socket.on('close', () => this.#updates.emit('update'));
  }

  /** Opens a TCP connection to `port` and completes the WebSocket handshake. */
  static async connect(port: number, name = 'raw client'): Promise<RawClient> {
    const client = new RawClient(port);
    const { socket } = client;
    try {
      await within(once(socket, 'connect'), `${name} to open a TCP connection`);
      socket.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      await until(
        client.#updates,
        'update',
        () => client.#head === undefined || socket.destroyed,
        `${name} to complete the WebSocket handshake`,
      );
      if (client.#head !== undefined) throw new Error(`the server closed ${name}'s connection`);
    } catch (error) {
      socket.destroy();
      throw error;
    }
    return client;
  }

  /** The client's own port: the server sees it as the remote port of this connection. */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Writes bytes as they are, valid or not. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Stops reading: what the server sends waits in the kernel until resume(). */
  pause(): void {
    this.socket.pause();
  }

  /** Reads again. */
  resume(): void {
    this.socket.resume();
  }

  /** Resolves once `count` data frames have arrived in total; rejects if the connection closes. */
  async receivedFrames(count: number, what = `${count} frames`, ms = WAIT_MS): Promise<void> {
    await until(
      this.#updates,
      'update',
      () => this.frames.dataFrames >= count || this.socket.destroyed,
      what,
      () => `${this.frames.dataFrames} arrived`,
      ms,
    );
    if (this.frames.dataFrames < count) {
      throw new Error(`connection closed after ${this.frames.dataFrames} of ${count} frames`);
    }
  }

  /** Resolves when the server has closed the TCP connection. */
  closed(): Promise<void> {
    return this.#closed;
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }

  #read(bytes: Buffer): void {
    let chunk = bytes;
    if (this.#head !== undefined) {
      // Still in the handshake: collect the answer's head (a copy: the read buffer is shared).
      const head = Buffer.concat([this.#head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        this.#head = head;
        return;
      }
      const status = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      if (!status.startsWith('HTTP/1.1 101')) {
        this.socket.destroy(new Error(`the server answered the upgrade with "${status}"`));
        return;
      }
      this.#head = undefined;
      chunk = head.subarray(end + 4);
    }
    if (chunk.length > 0) this.frames.push(chunk);
    this.#updates.emit('update');
  }
}
