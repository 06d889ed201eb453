import { closeSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import {
  type EventInput,
  RECORDING_SCHEMA,
  RECORDING_VERSION,
  type RecordedEvent,
  type RecordingHeader,
} from './recording-types.js';

/** A recording read back: the header and every complete event. */
export interface Recording {
  header: RecordingHeader;
  events: RecordedEvent[];
  /** True when the last line was torn (a crash mid-write) and was ignored. */
  tornTail: boolean;
}

/**
 * Appends events to a recording. Each event is one `write` of one line on a file opened for
 * appending, so a crash loses at most the event being written, and a reader skips that torn line.
 */
export class RecordingWriter {
  readonly #fd: number;
  readonly #origin: number;
  readonly #now: () => number;

  constructor(path: string, createdAt: string, now: () => number = Date.now) {
    dropTornTail(path);
    this.#fd = openSync(path, 'a', 0o600);
    this.#origin = Date.parse(createdAt);
    this.#now = now;
  }

  /** Appends one event stamped with the time since the session was created. */
  append(event: EventInput): RecordedEvent {
    const stamped = { t: Math.max(0, this.#now() - this.#origin), ...event } as RecordedEvent;
    writeSync(this.#fd, `${JSON.stringify(stamped)}\n`);
    return stamped;
  }

  /** Closes the file; later appends throw. */
  close(): void {
    closeSync(this.#fd);
  }
}

/** Creates a recording file holding only its header line. Fails if the file exists. */
export function createRecording(path: string, session: RecordingHeader['session']): void {
  const header: RecordingHeader = { schema: RECORDING_SCHEMA, version: RECORDING_VERSION, session };
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`);
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
  let tornTail = false;
  const header = parseHeader(lines.shift(), path);
  const events: RecordedEvent[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as RecordedEvent);
    } catch {
      throw new Error(`Recording ${path} is corrupt at line ${index + 2}.`);
    }
  }
  if (!complete && last.trim() !== '') {
    try {
      events.push(JSON.parse(last) as RecordedEvent);
    } catch {
      tornTail = true;
    }
  }
  return { header, events, tornTail };
}

/** Cuts a torn last line off so the next append starts on a fresh line. */
function dropTornTail(path: string): void {
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  truncateSync(path, bytes.lastIndexOf(0x0a) + 1);
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
