import type { ErrorCode } from '../protocol/protocol.js';
import { RecordingWriter } from './recording.js';
import type { EventInput, RecordedEvent } from './recording-types.js';
import { StorageError, type StorageIo } from './storage-io.js';

/** An event the recorder wrote, or why it refused to. */
export type RecordResult =
  | { ok: true; event: RecordedEvent }
  | { ok: false; code: Extract<ErrorCode, 'storage-paused' | 'recording-full'>; message: string };

/** What a recorder reports to its room. */
export interface RecorderEvents {
  /** Saving failed: everything refusable is refused until `onResume`. */
  onPause(error: StorageError): void;
  /** Saving works again and what was kept meanwhile is written. */
  onResume(): void;
}

/** How a recorder is set up. */
export interface RecorderOptions {
  path: string;
  createdAt: string;
  now: () => number;
  io: StorageIo;
  /** Refusable events are refused once the file reaches this size. */
  maxBytes: number;
  /** How often to try writing again while paused; 0 leaves it to `retry()`. */
  retryMs: number;
}

/** The room's messages for a refusal, shown as they are by the page. */
export const PAUSED_MESSAGE = 'The server cannot save right now; changes are paused.';

/**
 * A room's recording with the rule "acknowledged means recorded": an event is written before the
 * room acts on it, and when it cannot be written the room refuses it instead. A write failure (a
 * full disk) pauses the recorder: refusable events are refused, events that must not be lost (a
 * leave, a run's result) wait in memory, and a timer tries again until they are written. Nothing
 * here throws a storage error at the room.
 */
export class RoomRecorder {
  readonly #writer: RecordingWriter;
  readonly #opts: RecorderOptions;
  readonly #events: RecorderEvents;
  /** Events to write once saving works again, oldest first; the first is the `outage` marker. */
  #backlog: RecordedEvent[] = [];
  #pausedAt: { t: number; error: string } | null = null;
  #outageWritten = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: RecorderOptions, events: RecorderEvents) {
    this.#opts = opts;
    this.#events = events;
    this.#writer = new RecordingWriter(opts.path, opts.createdAt, opts.now, opts.io);
  }

  /** True while saving fails. */
  get paused(): boolean {
    return this.#pausedAt !== null;
  }

  /** Bytes in the recording file. */
  get size(): number {
    return this.#writer.size;
  }

  /** Writes an event the room will refuse if it cannot be recorded (it has not acted on it yet). */
  record(event: EventInput): RecordResult {
    if (this.#closed || this.paused) return paused();
    const stamped = this.#writer.stamp(event);
    const line = Buffer.from(`${JSON.stringify(stamped)}\n`);
    if (this.#writer.size + line.length > this.#opts.maxBytes) {
      return {
        ok: false,
        code: 'recording-full',
        message: `This session's recording reached its cap of ${formatBytes(this.#opts.maxBytes)}, so nothing more can be saved. End it and start a new session.`,
      };
    }
    return this.#write(stamped, line) ? { ok: true, event: stamped } : paused();
  }

  /**
   * Records an event that already happened (a leave, a run's result): never refused; while saving
   * fails it waits in memory and is written first when saving works again.
   */
  keep(event: EventInput): RecordedEvent {
    const stamped = this.#writer.stamp(event);
    if (this.#closed) return stamped;
    if (this.paused) this.#backlog.push(stamped);
    else if (!this.#write(stamped)) this.#backlog.push(stamped);
    return stamped;
  }

  /** Tries to write what waits; resumes when it all went through. Returns whether it is resumed. */
  retry(): boolean {
    if (!this.#pausedAt || this.#closed) return !this.paused;
    try {
      if (!this.#outageWritten) {
        const now = this.#writer.stamp({ type: 'end', by: null }).t;
        const { t, error } = this.#pausedAt;
        this.#writer.write({ t, type: 'outage', error, ms: Math.max(0, now - t) });
        this.#outageWritten = true;
      }
      for (let next = this.#backlog[0]; next; next = this.#backlog[0]) {
        this.#writer.write(next);
        this.#backlog.shift();
      }
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.#schedule();
      return false;
    }
    this.#pausedAt = null;
    clearTimeout(this.#timer);
    this.#events.onResume();
    return true;
  }

  /** Closes the file; what still waits is lost (the next load closes open joins itself). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#writer.close();
  }

  #write(event: RecordedEvent, line?: Buffer): boolean {
    try {
      this.#writer.write(event, line);
      return true;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.#pausedAt = { t: event.t, error: error.code };
      this.#outageWritten = false;
      this.#schedule();
      this.#events.onPause(error);
      return false;
    }
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#opts.retryMs > 0 && !this.#closed)
      this.#timer = setTimeout(() => this.retry(), this.#opts.retryMs).unref();
  }
}

function paused(): RecordResult {
  return { ok: false, code: 'storage-paused', message: PAUSED_MESSAGE };
}

/** `64 MiB`, or `512 KiB` under a MiB. */
export function formatBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return mib >= 1 ? `${Math.round(mib)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
