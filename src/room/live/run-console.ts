import { stripVTControlCharacters } from 'node:util';
import type { RunOutput } from '../protocol/run-protocol.js';
import { stripServerPaths } from './run-paths.js';

/** How long printed text waits to be sent with what follows it: one message per burst. */
const FLUSH_MS = 50;
/** A line longer than this goes out without waiting for its end. */
const MAX_PENDING_CHARS = 4096;

/**
 * The console of one run: what the graded code prints, made printable (no terminal control),
 * with server paths made relative, kept up to `maxBytes` (UTF-8) and handed on in bursts of
 * whole lines (so a path is never split before it is made relative). Past the cap the rest is
 * dropped and the last burst says it was cut.
 */
export class RunConsole {
  readonly #maxBytes: number;
  readonly #emit: (text: string, cut: boolean) => void;
  #kept = '';
  #bytes = 0;
  #cut = false;
  #pending = '';
  /** Sends the complete lines soon after they arrive. */
  #timer: NodeJS.Timeout | undefined;
  /** Sends a line that has not ended after a while (a prompt, a progress line). */
  #late: NodeJS.Timeout | undefined;

  constructor(maxBytes: number, emit: (text: string, cut: boolean) => void) {
    this.#maxBytes = maxBytes;
    this.#emit = emit;
  }

  /** Takes more printed text (already decoded). */
  write(text: string): void {
    if (this.#cut) return;
    this.#pending += text;
    this.#timer ??= setTimeout(() => this.#flush(false), FLUSH_MS);
  }

  /** What was sent so far. */
  get sent(): RunOutput {
    return { text: this.#kept, cut: this.#cut };
  }

  /** Sends what waits, stops the timer and returns everything kept. */
  end(): RunOutput {
    this.#flush(true);
    return { text: this.#kept, cut: this.#cut };
  }

  #flush(all: boolean): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (all) {
      clearTimeout(this.#late);
      this.#late = undefined;
    }
    if (this.#cut) return;
    const lineEnd = this.#pending.lastIndexOf('\n') + 1;
    const upTo = all || this.#pending.length > MAX_PENDING_CHARS ? this.#pending.length : lineEnd;
    const ready = this.#pending.slice(0, upTo);
    this.#pending = this.#pending.slice(upTo);
    if (this.#pending !== '') this.#late ??= setTimeout(() => this.#flush(true), FLUSH_MS * 4);
    if (ready === '') return;
    let text = printable(stripServerPaths(ready));
    const size = Buffer.byteLength(text);
    if (this.#bytes + size > this.#maxBytes) {
      // Cut on a character: a partial one at the end decodes as U+FFFD and is dropped.
      const room = this.#maxBytes - this.#bytes;
      text = Buffer.from(text)
        .subarray(0, room)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
      this.#cut = true;
      this.#pending = '';
      clearTimeout(this.#late);
      this.#late = undefined;
    }
    this.#kept += text;
    this.#bytes += Buffer.byteLength(text);
    if (text !== '' || this.#cut) this.#emit(text, this.#cut);
  }
}

/** Text without terminal control sequences or control characters other than newline and tab. */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point.
  return stripVTControlCharacters(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
