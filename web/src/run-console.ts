import type { RunOutput } from '../../src/room/protocol/run-protocol.js';
import { h } from './dom.js';

/** The run's console: what the graded code printed, as the server streams it, capped there. */
export class RunConsoleView {
  readonly element: HTMLDetailsElement;
  readonly #pre = h('pre', {
    class: 'run-console-text',
    attrs: { 'data-testid': 'run-console', tabindex: 0, 'aria-label': 'Run output' },
  });
  readonly #note = h('p', { class: 'muted run-console-note', attrs: { 'data-testid': 'run-cut' } });
  readonly #summary = h('summary', null, 'Console');
  readonly #capKiB: number;
  #runId: number | null = null;

  constructor(maxBytes: number) {
    this.#capKiB = Math.round(maxBytes / 1024);
    this.element = h(
      'details',
      { class: 'run-console', attrs: { open: true } },
      this.#summary,
      this.#pre,
      this.#note,
    );
    this.clear(null);
  }

  /** Empties the console for run `runId` (null: hides it). */
  clear(runId: number | null): void {
    this.#runId = runId;
    this.#pre.textContent = '';
    this.#note.hidden = true;
    this.element.hidden = true;
  }

  /** Appends streamed output of the run shown. */
  append(runId: number, text: string, cut: boolean): void {
    if (runId !== this.#runId) this.clear(runId);
    const atEnd = this.#pre.scrollTop + this.#pre.clientHeight >= this.#pre.scrollHeight - 4;
    this.#pre.append(text);
    if (cut) this.#markCut();
    this.element.hidden = false;
    this.#summary.textContent = `Console (run ${runId})`;
    // Follows the output unless the reader scrolled up to read.
    if (atEnd) this.#pre.scrollTop = this.#pre.scrollHeight;
  }

  /** Shows a finished run's whole output (or hides the console when it printed nothing). */
  show(runId: number, output: RunOutput | undefined): void {
    this.clear(runId);
    if (!output) return;
    this.append(runId, output.text, output.cut);
  }

  #markCut(): void {
    this.#note.hidden = false;
    this.#note.textContent = `Output cut here: the room keeps the first ${this.#capKiB} KiB of what a run prints.`;
  }
}
