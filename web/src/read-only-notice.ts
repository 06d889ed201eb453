import { h } from './dom.js';

const KEYS_THAT_EDIT = new Set(['Backspace', 'Delete', 'Enter']);

/**
 * Makes read-only obvious to whoever lost edit rights: a banner over the code while it lasts, and
 * the first keystroke the editor refuses says so once (the banner's last line, read out).
 */
export class ReadOnlyNotice {
  readonly element: HTMLElement;
  readonly #refused = h('span', {
    class: 'read-only-refused',
    attrs: { role: 'alert', 'data-testid': 'read-only-refused' },
  });
  #on = false;
  #told = false;

  constructor(code: HTMLElement, role: 'interviewer' | 'candidate' | 'observer') {
    this.element = h(
      'div',
      { class: 'read-only-banner', attrs: { 'data-testid': 'read-only-banner' } },
      h(
        'strong',
        null,
        role === 'interviewer'
          ? 'Read-only: your own editing is off (Who may edit). You can still read, scroll and chat.'
          : 'Read-only: the interviewer has turned off your editing. You can still read, scroll and chat.',
      ),
      ' ',
      this.#refused,
    );
    this.element.hidden = true;
    code.addEventListener('keydown', (event) => this.#onKey(event), true);
  }

  /** Shows or hides the banner; a new period of read-only may say "refused" once again. */
  set(readOnly: boolean): void {
    if (readOnly && !this.#on) {
      this.#told = false;
      this.#refused.textContent = '';
    }
    this.#on = readOnly;
    this.element.hidden = !readOnly;
  }

  #onKey(event: KeyboardEvent): void {
    if (!this.#on || this.#told) return;
    const typed = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
    if (!typed && !KEYS_THAT_EDIT.has(event.key)) return;
    this.#told = true;
    this.#refused.textContent = 'Your typing was not applied.';
  }
}
