import { FILE_LIMITS } from '../../src/room/protocol/people-protocol.js';
import { h } from './dom.js';

/** What the file controls send. */
export interface FileActionSender {
  add(name: string): boolean;
  rename(name: string, to: string): boolean;
  remove(name: string): boolean;
}

/**
 * Add, rename and delete files in `src/` (for whoever may edit). The server checks every name and
 * answers a bad one with the reason, shown here.
 */
export class FileActions {
  readonly element: HTMLDetailsElement;
  readonly #name: HTMLInputElement;
  readonly #message = h('span', {
    class: 'file-message',
    attrs: { role: 'status', 'data-testid': 'file-message' },
  });

  constructor(
    readonly current: () => string,
    readonly send: FileActionSender,
  ) {
    this.#name = h('input', {
      class: 'file-name-input',
      attrs: {
        type: 'text',
        maxlength: FILE_LIMITS.maxNameChars + 20,
        placeholder: 'name.ts',
        'aria-label': 'File name in src/',
        'data-testid': 'file-name',
        spellcheck: 'false',
      },
    });
    const button = (label: string, testid: string, run: () => void) =>
      h(
        'button',
        {
          class: 'btn btn-small',
          attrs: { type: 'button', 'data-testid': testid },
          on: { click: run },
        },
        label,
      );
    // A menu in the tab bar, so the controls take no height from the code.
    this.element = h(
      'details',
      { class: 'file-menu', attrs: { 'data-testid': 'file-actions' } },
      h(
        'summary',
        { class: 'btn btn-quiet btn-small', attrs: { 'data-testid': 'file-menu' } },
        'Files',
      ),
      h(
        'div',
        { class: 'file-actions' },
        this.#name,
        button('New file', 'file-add', () =>
          this.#do(() => this.send.add(this.#name.value.trim())),
        ),
        button('Rename current', 'file-rename', () =>
          this.#do(() => this.send.rename(this.current(), this.#name.value.trim())),
        ),
        button('Delete current', 'file-delete', () =>
          this.#do(() => this.send.remove(this.current())),
        ),
        this.#message,
      ),
    );
  }

  /** Shows or hides the controls (read-only participants cannot change files). */
  setAllowed(allowed: boolean): void {
    this.element.hidden = !allowed;
  }

  /** Shows why the server refused a change (`bad-file`), or clears it after a change. */
  say(text: string): void {
    this.#message.textContent = text;
    if (text) this.element.open = true;
  }

  #do(send: () => boolean): void {
    this.#message.textContent = send() ? '' : 'Offline: try again once reconnected.';
  }
}
