import { javascript } from '@codemirror/lang-javascript';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { h, replaceChildren } from './dom.js';

/** A read-only, tabbed code view whose text is replaced as a replay moves. */
export class StaticCodeView {
  readonly element: HTMLElement;
  readonly #tabs = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Files' } });
  readonly #view: EditorView;
  #files: Record<string, string> = {};
  #current = '';

  constructor() {
    const host = h('div', { class: 'editor-host', attrs: { 'data-testid': 'replay-code' } });
    this.element = h('div', { class: 'editor read-only' }, this.#tabs, host);
    this.#view = new EditorView({
      parent: host,
      state: EditorState.create({
        extensions: [
          lineNumbers(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          javascript({ typescript: true }),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.theme({
            '&': { height: '100%', fontSize: '14px' },
            '.cm-scroller': { fontFamily: 'var(--mono)' },
          }),
        ],
      }),
    });
  }

  /** Shows the files as they are now; keeps the open tab. */
  setFiles(files: Record<string, string>): void {
    const names = Object.keys(files);
    if (names.join('\n') !== Object.keys(this.#files).join('\n')) {
      replaceChildren(
        this.#tabs,
        ...names.map((name) =>
          h(
            'button',
            {
              class: 'tab',
              attrs: { role: 'tab', type: 'button', 'data-file': name },
              on: { click: () => this.#open(name) },
            },
            name,
          ),
        ),
      );
    }
    this.#files = files;
    this.#open(names.includes(this.#current) ? this.#current : (names[0] ?? ''));
  }

  #open(name: string): void {
    this.#current = name;
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>('.tab')) {
      tab.setAttribute('aria-selected', String(tab.dataset.file === name));
    }
    const text = this.#files[name] ?? '';
    const doc = this.#view.state.doc;
    if (doc.toString() !== text)
      this.#view.dispatch({ changes: { from: 0, to: doc.length, insert: text } });
  }
}
