import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import {
  bracketMatching,
  defaultHighlightStyle,
  getIndentation,
  indentOnInput,
  indentString,
  indentUnit,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorSelection, EditorState, type Extension } from '@codemirror/state';
import {
  type Command,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { h, replaceChildren } from './dom.js';

const insertNewlineAndIndent: Command = (view) => {
  if (view.state.readOnly) return false;
  const { state } = view;
  view.dispatch(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.from);
      const fallback = /^\s*/.exec(line.text)?.[0].length ?? 0;
      const insert = `\n${indentString(state, getIndentation(state, range.from) ?? fallback)}`;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.cursor(range.from + insert.length),
      };
    }),
    { scrollIntoView: true, userEvent: 'input' },
  );
  return true;
};

const insertIndentUnit: Command = (view) => {
  if (view.state.readOnly) return false;
  view.dispatch(view.state.replaceSelection(view.state.facet(indentUnit)), { userEvent: 'input' });
  return true;
};

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
  '.cm-gutters': {
    background: 'var(--panel)',
    borderRight: '1px solid var(--line)',
    color: 'var(--muted)',
  },
  '.cm-ySelectionInfo': {
    fontFamily: 'var(--sans)',
    opacity: 1,
    borderRadius: '3px',
    padding: '0 4px',
  },
});

/** The basic editing features of the room's editor (CodeMirror 6, TypeScript highlighting). */
function baseExtensions(): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    javascript({ typescript: true }),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    keymap.of([
      ...closeBracketsKeymap,
      ...yUndoManagerKeymap,
      { key: 'Enter', run: insertNewlineAndIndent },
      { key: 'Tab', run: insertIndentUnit },
    ]),
    theme,
  ];
}

/**
 * The shared editor: one tab per level file, each bound to its Y.Text with y-codemirror.next, with
 * the others' cursors and names from awareness. Without a doc (replay) it shows fixed text.
 */
export class CodeEditor {
  readonly element: HTMLElement;
  readonly #view: EditorView;
  readonly #tabs: HTMLElement;
  readonly #editable = new Compartment();
  readonly #undo = new Map<string, Y.UndoManager>();
  #files: string[] = [];
  #current = '';
  #canEdit = false;

  constructor(
    readonly doc: Y.Doc,
    readonly awareness: Awareness | null,
  ) {
    this.#tabs = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Files' } });
    const host = h('div', { class: 'editor-host', attrs: { 'data-testid': 'editor' } });
    this.element = h('div', { class: 'editor' }, this.#tabs, host);
    this.#view = new EditorView({ parent: host });
  }

  /** Sets the file list (tabs) and opens the first file, or keeps the current one. */
  setFiles(files: string[]): void {
    this.#files = files;
    replaceChildren(
      this.#tabs,
      ...files.map((name) =>
        h(
          'button',
          {
            class: 'tab',
            attrs: { role: 'tab', type: 'button', 'data-file': name },
            on: { click: () => this.open(name) },
          },
          name,
        ),
      ),
    );
    this.open(files.includes(this.#current) ? this.#current : (files[0] ?? ''));
  }

  /** Shows one file. */
  open(name: string): void {
    this.#current = name;
    for (const tab of this.#tabs.querySelectorAll<HTMLElement>('.tab')) {
      tab.setAttribute('aria-selected', String(tab.dataset.file === name));
    }
    const ytext = this.doc.getText(name);
    let undo = this.#undo.get(name);
    if (!undo) {
      undo = new Y.UndoManager(ytext);
      this.#undo.set(name, undo);
    }
    this.awareness?.setLocalStateField('file', name);
    this.#view.setState(
      EditorState.create({
        doc: ytext.toString(),
        extensions: [
          baseExtensions(),
          yCollab(ytext, this.awareness, { undoManager: undo }),
          this.#editable.of(editableExtensions(this.#canEdit)),
        ],
      }),
    );
  }

  /** Makes the editor writable or read-only (the server enforces the same rule). */
  setEditable(canEdit: boolean): void {
    this.#canEdit = canEdit;
    this.element.classList.toggle('read-only', !canEdit);
    this.#view.dispatch({ effects: this.#editable.reconfigure(editableExtensions(canEdit)) });
  }

  /** The file on screen. */
  get currentFile(): string {
    return this.#current;
  }

  /** The files, in tab order. */
  get files(): string[] {
    return this.#files;
  }
}

function editableExtensions(canEdit: boolean): Extension {
  return [EditorState.readOnly.of(!canEdit), EditorView.editable.of(canEdit)];
}
