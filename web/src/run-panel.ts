import type { Role, RunOutcome, RunScope } from '../../src/room/protocol/protocol.js';
import { h, replaceChildren } from './dom.js';
import { renderScorecard } from './scorecard.js';

/** The Run controls and the latest result. */
export class RunPanel {
  readonly element: HTMLElement;
  readonly buttons: HTMLElement;
  readonly #status = h('p', {
    class: 'run-status',
    attrs: { 'data-testid': 'run-status', 'aria-live': 'polite' },
  });
  readonly #result = h('div', { class: 'run-result' });
  readonly #runButtons: HTMLButtonElement[] = [];
  #busy = false;
  #allowed = false;
  #off = false;

  constructor(role: Role, run: (scope: RunScope) => void) {
    const button = (label: string, scope: RunScope, primary: boolean) => {
      const b = h(
        'button',
        {
          class: `btn${primary ? ' btn-primary' : ''}`,
          attrs: { type: 'button', 'data-testid': `run-${scope}` },
        },
        label,
      );
      b.addEventListener('click', () => run(scope));
      this.#runButtons.push(b);
      return b;
    };
    this.buttons = h('div', { class: 'run-buttons' });
    if (role === 'candidate') this.buttons.append(button('▶ Run tests', 'visible', true));
    if (role === 'interviewer') {
      this.buttons.append(
        button('▶ Run visible', 'visible', false),
        button('Grade all', 'all', true),
      );
    }
    this.element = h(
      'section',
      { class: 'results', attrs: { 'aria-label': 'Run results' } },
      h(
        'div',
        { class: 'results-head' },
        h('h2', { class: 'section-title' }, 'Results'),
        this.#status,
      ),
      this.#result,
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

  /** A run is going. */
  started(by: string, scope: RunScope): void {
    this.#busy = true;
    this.#status.textContent = `Running ${scope === 'all' ? 'all tests' : 'visible tests'} for ${by}…`;
    this.element.classList.add('running');
    this.#sync();
  }

  /** A run finished (or the last one, on join). */
  finished(run: RunOutcome | null): void {
    this.#busy = false;
    this.#status.textContent = '';
    this.element.classList.remove('running');
    if (run) replaceChildren(this.#result, renderScorecard(run));
    this.#sync();
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

  #sync(): void {
    for (const b of this.#runButtons) b.disabled = this.#off || !this.#allowed || this.#busy;
  }
}
