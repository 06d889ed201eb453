import type { PeerInfo } from '../../src/room/protocol/protocol.js';
import type { RunningRun, RunOutcome, RunScope } from '../../src/room/protocol/run-protocol.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import { RunConsoleView } from './run-console.js';
import { renderScorecard } from './scorecard.js';

/** What the panel asks the server for. */
export interface RunActions {
  run(scope: RunScope): void;
  cancel(runId: number): void;
  share(runId: number): void;
}

/** The Run controls, the run in progress (elapsed time, Cancel, console) and the latest result. */
export class RunPanel {
  readonly element: HTMLElement;
  readonly buttons: HTMLElement;
  readonly #you: Pick<PeerInfo, 'role' | 'name'>;
  readonly #actions: RunActions;
  readonly #status = h('p', {
    class: 'run-status',
    attrs: { 'data-testid': 'run-status', 'aria-live': 'polite' },
  });
  readonly #elapsed = h('span', { class: 'run-elapsed', attrs: { 'data-testid': 'run-elapsed' } });
  readonly #cancel = h(
    'button',
    { class: 'btn btn-danger', attrs: { type: 'button', 'data-testid': 'run-cancel' } },
    'Cancel run',
  );
  readonly #share = h('span', { class: 'run-share' });
  readonly #result = h('div', { class: 'run-result' });
  readonly #console: RunConsoleView;
  readonly #runButtons: HTMLButtonElement[] = [];
  #running: RunningRun | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #allowed = false;
  #off = false;

  constructor(you: Pick<PeerInfo, 'role' | 'name'>, actions: RunActions, maxOutputBytes: number) {
    this.#you = you;
    this.#actions = actions;
    this.#console = new RunConsoleView(maxOutputBytes);
    const button = (label: string, scope: RunScope, primary: boolean) => {
      const b = h(
        'button',
        {
          class: `btn${primary ? ' btn-primary' : ''}`,
          attrs: { type: 'button', 'data-testid': `run-${scope}` },
        },
        label,
      );
      b.addEventListener('click', () => actions.run(scope));
      this.#runButtons.push(b);
      return b;
    };
    this.buttons = h('div', { class: 'run-buttons' });
    if (you.role === 'candidate') this.buttons.append(button('▶ Run tests', 'visible', true));
    if (you.role === 'interviewer') {
      this.buttons.append(
        button('▶ Run visible', 'visible', false),
        button('Grade all', 'all', true),
      );
    }
    this.#cancel.hidden = true;
    this.#cancel.addEventListener('click', () => {
      if (!this.#running) return;
      this.#cancel.disabled = true;
      this.#cancel.textContent = 'Cancelling…';
      actions.cancel(this.#running.runId);
    });
    this.element = h(
      'section',
      { class: 'results', attrs: { 'aria-label': 'Run results' } },
      h(
        'div',
        { class: 'results-head' },
        h('h2', { class: 'section-title' }, 'Results'),
        this.#status,
        this.#elapsed,
        this.#share,
        this.#cancel,
      ),
      this.#result,
      this.#console.element,
    );
    replaceChildren(
      this.#result,
      h('p', { class: 'muted' }, 'No run yet. Run the tests to see a scorecard.'),
    );
  }

  /** Enables the buttons when this participant may run now. */
  setAllowed(allowed: boolean): void {
    this.#allowed = allowed;
    this.#sync();
  }

  /** A run is going: its elapsed time counts up to its limit; its starter or the interviewer may cancel it. */
  started(run: RunningRun): void {
    this.#running = run;
    const what = run.scope === 'all' ? 'all tests' : 'visible tests';
    this.#status.textContent = `Running ${what} for ${run.by.name}…`;
    this.element.classList.add('running');
    const mine = run.by.role === this.#you.role && run.by.name === this.#you.name;
    this.#cancel.hidden = !(this.#you.role === 'interviewer' || mine);
    this.#cancel.disabled = false;
    this.#cancel.textContent = 'Cancel run';
    this.#console.clear(run.runId);
    replaceChildren(this.#share);
    // While a run goes, its console comes first; the last result waits below it, dimmed.
    this.#result.before(this.#console.element);
    clearInterval(this.#timer);
    const tick = () => {
      const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(run.at)) / 1000));
      this.#elapsed.textContent = `${seconds} s of ${Math.round(run.limitMs / 1000)} s`;
    };
    tick();
    this.#timer = setInterval(tick, 500);
    this.#sync();
  }

  /** More output of the run in progress. */
  output(runId: number, text: string, cut: boolean): void {
    this.#console.append(runId, text, cut);
  }

  /** A run finished (or the last one, on join): its scorecard, console and share state. */
  finished(run: RunOutcome | null): void {
    this.#running = null;
    clearInterval(this.#timer);
    this.#status.textContent = '';
    this.#elapsed.textContent = '';
    this.#cancel.hidden = true;
    this.element.classList.remove('running');
    this.#result.after(this.#console.element);
    if (run) {
      replaceChildren(this.#result, renderScorecard(run));
      this.#console.show(run.runId, run.output);
      this.#showShare(run);
    }
    this.#sync();
  }

  /** The interviewer shared a run's grade: the scorecard as this role now sees it. */
  shared(run: RunOutcome): void {
    if (this.#running) return;
    replaceChildren(this.#result, renderScorecard(run));
    this.#showShare(run);
  }

  /** The server cannot run code safely: no Run button, and the reason in its place. */
  turnOff(reason: string): void {
    this.#off = true;
    replaceChildren(
      this.buttons,
      h('p', { class: 'muted runs-off', attrs: { 'data-testid': 'runs-off' } }, reason),
    );
    replaceChildren(this.#result, h('p', { class: 'muted' }, reason));
    this.#sync();
  }

  /** Shows a refusal such as `run-busy`. */
  notice(text: string): void {
    this.#status.textContent = text;
  }

  /** The interviewer's Share button, or whom a run was shared with. */
  #showShare(run: RunOutcome): void {
    if (run.shared) {
      const text =
        this.#you.role === 'candidate'
          ? `${run.shared.by.name} shared this grade with you at ${formatTime(run.shared.at)}.`
          : `Shared with the candidate at ${formatTime(run.shared.at)}.`;
      replaceChildren(
        this.#share,
        h('span', { class: 'muted', attrs: { 'data-testid': 'run-shared' } }, text),
      );
      return;
    }
    if (this.#you.role !== 'interviewer' || !run.report || run.by.role === 'candidate') {
      replaceChildren(this.#share);
      return;
    }
    const button = h(
      'button',
      {
        class: 'btn',
        attrs: {
          type: 'button',
          'data-testid': 'run-share',
          title: 'The candidate sees this grade only once you share it',
        },
      },
      `Share run ${run.runId} with candidate`,
    );
    button.addEventListener('click', () => {
      button.disabled = true;
      this.#actions.share(run.runId);
    });
    replaceChildren(this.#share, button);
  }

  #sync(): void {
    const busy = this.#running !== null;
    for (const b of this.#runButtons) b.disabled = this.#off || !this.#allowed || busy;
  }
}
