import { javascript } from '@codemirror/lang-javascript';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { h } from './dom.js';
import { editorLook } from './editor-theme.js';
import { TabList } from './file-tabs.js';

let nextView = 0;

/** Where a replay following edits looks: a file, and the line to bring into view. */
export interface FollowTarget {
  file: string;
  line: number;
  /** Changes when the view should scroll again (a new edit); the same key does not re-scroll. */
  key: number;
}

/** A read-only, tabbed code view whose text is replaced as a replay moves. */
export class StaticCodeView {
  /** Called when the viewer (not the replay) opens a tab. */
  onViewerOpen: (file: string) => void = () => {};
  readonly element: HTMLElement;
  readonly #tabs = new TabList('Files', (name) => this.#open(name));
  readonly #host: HTMLElement;
  readonly #view: EditorView;
  readonly #label = new Compartment();
  #files: Record<string, string> = {};
  #current = '';
  #programmatic = false;
  #scrolledKey: number | null = null;

  constructor() {
    this.#host = h('div', {
      class: 'editor-host',
      attrs: { id: `replay-code-${++nextView}`, role: 'tabpanel', 'data-testid': 'replay-code' },
    });
    this.element = h(
      'div',
      { class: 'editor read-only' },
      h('div', { class: 'editor-bar' }, this.#tabs.element),
      this.#host,
    );
    this.#view = new EditorView({
      parent: this.#host,
      state: EditorState.create({
        extensions: [
          lineNumbers(),
          javascript({ typescript: true }),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          this.#label.of(nameOf('')),
          editorLook(),
        ],
      }),
    });
  }

  /** Shows the files as they are now; opens `follow`'s file and line if given, else keeps the tab. */
  setFiles(files: Record<string, string>, follow?: FollowTarget): void {
    const names = Object.keys(files);
    const changed = names.join('\n') !== Object.keys(this.#files).join('\n');
    this.#files = files;
    if (changed) {
      this.#tabs.setTabs(
        names.map((name) => ({ key: name, label: name, controls: this.#host.id })),
      );
    }
    const target = follow && names.includes(follow.file) ? follow.file : null;
    const keep = names.includes(this.#current) ? this.#current : (names[0] ?? '');
    const switched = target !== null && target !== this.#current;
    this.#programmatic = true;
    try {
      this.#tabs.select(target ?? keep);
    } finally {
      this.#programmatic = false;
    }
    if (target !== null && follow && (switched || follow.key !== this.#scrolledKey)) {
      this.#scrolledKey = follow.key;
      const doc = this.#view.state.doc;
      const pos = doc.line(Math.min(Math.max(1, follow.line), doc.lines)).from;
      this.#view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    }
  }

  #open(name: string): void {
    if (!this.#programmatic) this.onViewerOpen(name);
    const tab = this.#tabs.tabOf(name);
    if (tab) this.#host.setAttribute('aria-labelledby', tab.id);
    if (name !== this.#current) {
      this.#view.dispatch({ effects: this.#label.reconfigure(nameOf(name)) });
    }
    this.#current = name;
    const text = this.#files[name] ?? '';
    const doc = this.#view.state.doc;
    if (doc.toString() !== text)
      this.#view.dispatch({ changes: { from: 0, to: doc.length, insert: text } });
  }
}

function nameOf(file: string) {
  return EditorView.contentAttributes.of({
    'aria-label': `Code at this moment, ${file}`,
    tabindex: '0',
  });
}
