import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import {
  type EventInput,
  RECORDING_SCHEMA,
  RECORDING_VERSION,
  type RecordedEvent,
  type RecordingHeader,
} from './recording-types.js';
import { NODE_IO, StorageError, type StorageIo } from './storage-io.js';

/** A recording read back: the header and every complete event. */
export interface Recording {
  header: RecordingHeader;
  events: RecordedEvent[];
  /** True when the last line was torn (a crash mid-write) and was ignored. */
  tornTail: boolean;
}

/** The end of a recording: its last snapshot (null if none) and every event after it. */
export interface RecordingTail {
  header: RecordingHeader;
  snapshot: Extract<RecordedEvent, { type: 'snapshot' }> | null;
  events: RecordedEvent[];
  /** Bytes after the snapshot's line (after the header when there is none). */
  tailBytes: number;
}

/**
 * Appends events to a recording. Each event is one line written whole or not at all: a write the
 * disk cannot finish (ENOSPC) is cut back off the file and throws a StorageError, so the file never
 * holds half an event and the caller decides what to refuse. A crash mid-write leaves a torn last
 * line, which readers skip and the next writer cuts off.
 */
export class RecordingWriter {
  readonly #fd: number;
  readonly #path: string;
  readonly #origin: number;
  readonly #now: () => number;
  readonly #io: StorageIo;
  #size: number;

  constructor(
    path: string,
    createdAt: string,
    now: () => number = Date.now,
    io: StorageIo = NODE_IO,
  ) {
    this.#size = prepareForAppend(path);
    this.#fd = openSync(path, 'a', 0o600);
    this.#path = path;
    this.#origin = Date.parse(createdAt);
    this.#now = now;
    this.#io = io;
  }

  /** Bytes in the file. */
  get size(): number {
    return this.#size;
  }

  /** Stamps an event with the time since the session was created, without writing it. */
  stamp(event: EventInput): RecordedEvent {
    return { t: Math.max(0, this.#now() - this.#origin), ...event } as RecordedEvent;
  }

  /** Appends one event stamped now; throws StorageError when it could not be written whole. */
  append(event: EventInput): RecordedEvent {
    const stamped = this.stamp(event);
    this.write(stamped);
    return stamped;
  }

  /** Writes an already stamped event as one line; throws StorageError, leaving the file as it was. */
  write(event: RecordedEvent, line: Buffer = Buffer.from(`${JSON.stringify(event)}\n`)): number {
    let done = 0;
    try {
      // A full disk may take part of a write before refusing the rest: loop, then cut back.
      while (done < line.length)
        done += this.#io.writeSync(this.#fd, line, done, line.length - done);
    } catch (error) {
      if (done > 0) ftruncateSync(this.#fd, this.#size);
      throw new StorageError(error);
    }
    this.#size += line.length;
    this.#io.appended?.(this.#path, line);
    return line.length;
  }

  /** Closes the file; later appends throw. */
  close(): void {
    closeSync(this.#fd);
  }
}

/** Creates a recording file holding only its header line. Fails if the file exists. */
export function createRecording(
  path: string,
  session: RecordingHeader['session'],
  io: StorageIo = NODE_IO,
): void {
  const header: RecordingHeader = { schema: RECORDING_SCHEMA, version: RECORDING_VERSION, session };
  const fd = openSync(path, 'wx', 0o600);
  try {
    const line = Buffer.from(`${JSON.stringify(header)}\n`);
    let done = 0;
    while (done < line.length) done += io.writeSync(fd, line, done, line.length - done);
    io.appended?.(path, line);
  } catch (error) {
    throw new StorageError(error);
  } finally {
    closeSync(fd);
  }
}

/** Reads a recording, ignoring a torn last line; throws on a bad header or a corrupt middle line. */
export function readRecording(path: string): Recording {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  // Without a trailing newline the last line may be half written: drop it if it does not parse.
  const last = lines.pop() ?? '';
  const header = parseHeader(lines.shift(), path);
  const { events, tornTail } = parseEvents(lines, complete ? '' : last, path, (i) => i + 2);
  return { header, events, tornTail };
}

const SNAPSHOT_KEY = Buffer.from('"type":"snapshot"');

/**
 * Reads the header, the last snapshot and the events after it, without parsing the lines before:
 * what a room needs to load, in time bounded by the snapshot interval rather than the session's age.
 */
export function readRecordingTail(path: string): RecordingTail {
  const bytes = readFileSync(path);
  const firstEnd = bytes.indexOf(0x0a);
  const header = parseHeader(
    bytes.subarray(0, firstEnd < 0 ? bytes.length : firstEnd).toString('utf8'),
    path,
  );
  let from = firstEnd < 0 ? bytes.length : firstEnd + 1;
  let snapshot: RecordingTail['snapshot'] = null;
  // `"type":"snapshot"` with bare quotes only occurs as a key: inside a JSON string they are escaped.
  for (let at = bytes.lastIndexOf(SNAPSHOT_KEY); at > from; ) {
    const start = bytes.lastIndexOf(0x0a, at) + 1;
    const end = bytes.indexOf(0x0a, at);
    if (end >= 0) {
      const event = parseLine(bytes.subarray(start, end).toString('utf8'));
      if (event?.type === 'snapshot') {
        snapshot = event;
        from = end + 1;
        break;
      }
    }
    at = start > 0 ? bytes.lastIndexOf(SNAPSHOT_KEY, start - 1) : -1;
  }
  const text = bytes.subarray(from).toString('utf8');
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const lineOf = (index: number) => {
    let line = index + 1;
    for (let at = bytes.indexOf(0x0a); at >= 0 && at < from; at = bytes.indexOf(0x0a, at + 1))
      line += 1;
    return line;
  };
  const { events } = parseEvents(lines, text.endsWith('\n') ? '' : last, path, lineOf);
  return { header, snapshot, events, tailBytes: bytes.length - from };
}

function parseLine(line: string): RecordedEvent | null {
  try {
    return JSON.parse(line) as RecordedEvent;
  } catch {
    return null;
  }
}

function parseEvents(
  lines: string[],
  last: string,
  path: string,
  lineOf: (index: number) => number,
): { events: RecordedEvent[]; tornTail: boolean } {
  const events: RecordedEvent[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const event = parseLine(line);
    if (!event) throw new Error(`Recording ${path} is corrupt at line ${lineOf(index)}.`);
    events.push(event);
  }
  let tornTail = false;
  if (last.trim() !== '') {
    const event = parseLine(last);
    if (event) events.push(event);
    else tornTail = true;
  }
  return { events, tornTail };
}

/**
 * Gets an open recording ready for appending and returns its size: cuts a torn last line off (so
 * the next event starts on a fresh line) and marks a version 1 header as the current version.
 */
function prepareForAppend(path: string): number {
  // Not the append descriptor: Linux ignores the position of a write on a file opened to append.
  const fd = openSync(path, 'r+');
  try {
    return repairAndUpgrade(fd);
  } finally {
    closeSync(fd);
  }
}

function repairAndUpgrade(fd: number): number {
  let size = fstatSync(fd).size;
  const last = Buffer.alloc(1);
  if (size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) {
    // Search back for the last newline in chunks; a torn line is at most one event long.
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    let cut = 0;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const at = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (at >= 0) {
        cut = start + at + 1;
        break;
      }
      end = start;
    }
    ftruncateSync(fd, cut);
    size = cut;
  }
  const head = Buffer.alloc(256);
  const n = readSync(fd, head, 0, head.length, 0);
  const old = '"version":1,';
  const at = head.subarray(0, n).indexOf(old);
  const lineEnd = head.subarray(0, n).indexOf(0x0a);
  // Same length, so the header is rewritten in place; the first line is the only place it occurs.
  if (at >= 0 && (lineEnd < 0 || at < lineEnd)) {
    writeSync(fd, Buffer.from(`"version":${RECORDING_VERSION},`), 0, old.length, at);
  }
  return size;
}

function parseHeader(line: string | undefined, path: string): RecordingHeader {
  let header: RecordingHeader;
  try {
    header = JSON.parse(line ?? '') as RecordingHeader;
  } catch {
    throw new Error(`Recording ${path} has no valid header line.`);
  }
  if (header.schema !== RECORDING_SCHEMA || header.version > RECORDING_VERSION) {
    throw new Error(
      `Recording ${path} is ${header.schema} v${header.version}; this kit reads v${RECORDING_VERSION}.`,
    );
  }
  return header;
}
