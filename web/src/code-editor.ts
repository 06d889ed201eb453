import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, indentOnInput, indentUnit } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  type KeyBinding,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { h } from './dom.js';
import { editorLook } from './editor-theme.js';
import { TabList } from './file-tabs.js';

const WRAP_KEY = 'kit-editor-wrap';
/** The task tab's key: no file name starts with a slash. */
const TASK_TAB = '/task';
let nextEditor = 0;

/**
 * Undo and redo go through the shared Y.UndoManager, which tracks only this editor's own changes
 * (a remote edit is never undone here). Refused while read-only: the undo would change the doc.
 */
const undoKeymap: KeyBinding[] = yUndoManagerKeymap.map((binding) => ({
  ...binding,
  run: (view) => (view.state.readOnly ? true : (binding.run?.(view) ?? false)),
}));

/** The editing features of the room's editor: CodeMirror's standard keymap, search, TypeScript. */
function baseExtensions(toggleWrap: () => boolean): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    javascript({ typescript: true }),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    keymap.of([
      ...closeBracketsKeymap,
      ...undoKeymap,
      ...searchKeymap,
      { key: 'Alt-z', run: toggleWrap, preventDefault: true },
      ...defaultKeymap,
      // Tab indents; Escape then Tab leaves the editor (CodeMirror's tab focus mode).
      indentWithTab,
    ]),
    editorLook(),
  ];
}

/** What the room puts in a tab beside the files (the task). */
export interface DocTab {
  label: string;
  content: HTMLElement;
}

/**
 * The shared editor: one tab per level file, each bound to its Y.Text with y-codemirror.next, with
 * the others' cursors and names from awareness, and optionally the task as a last tab.
 */
export class CodeEditor {
  readonly element: HTMLElement;
  readonly #view: EditorView;
  readonly #tabs: TabList;
  readonly #host: HTMLElement;
  readonly #docPanel: HTMLElement | null;
  readonly #docTab: DocTab | null;
  readonly #hintId: string;
  readonly #wrapButton: HTMLButtonElement;
  readonly #editable = new Compartment();
  readonly #wrap = new Compartment();
  readonly #undo = new Map<string, Y.UndoManager>();
  #files: string[] = [];
  #current = '';
  #canEdit = false;
  #wrapping = readWrap();

  constructor(
    readonly doc: Y.Doc,
    readonly awareness: Awareness | null,
    docTab: DocTab | null = null,
  ) {
    const id = `editor-${++nextEditor}`;
    this.#hintId = `${id}-hint`;
    this.#docTab = docTab;
    this.#tabs = new TabList('Files', (key) => this.#show(key));
    this.#host = h('div', {
      class: 'editor-host',
      attrs: { id: `${id}-code`, role: 'tabpanel', 'data-testid': 'editor' },
    });
    this.#docPanel = docTab
      ? h(
          'div',
          {
            class: 'doc-panel markdown',
            attrs: { id: `${id}-doc`, role: 'tabpanel', tabindex: 0, 'data-testid': 'task-tab' },
          },
          docTab.content,
        )
      : null;
    if (this.#docPanel) this.#docPanel.hidden = true;
    this.#wrapButton = h(
      'button',
      {
        class: 'btn btn-quiet btn-small',
        attrs: { type: 'button', 'data-testid': 'wrap', title: 'Wrap long lines (Alt+Z)' },
        on: { click: () => this.toggleWrap() },
      },
      'Wrap',
    );
    this.#wrapButton.setAttribute('aria-pressed', String(this.#wrapping));
    const bar = h('div', { class: 'editor-bar' }, this.#tabs.element, this.#wrapButton);
    this.element = h('div', { class: 'editor' }, bar, this.#host, this.#docPanel);
    this.#view = new EditorView({ parent: this.#host });
    // Shown in the code's corner while the editor has the focus: that is when it is needed, and
    // the tab bar keeps its room for the file names.
    this.#host.append(
      h(
        'span',
        { class: 'editor-hint', attrs: { id: this.#hintId, 'data-testid': 'editor-hint' } },
        'Esc then Tab leaves the editor',
      ),
    );
  }

  /** Sets the file list (tabs) and opens the first file, or keeps the current one. */
  setFiles(files: string[]): void {
    this.#files = files;
    const code = this.#host.id;
    const specs = files.map((name) => ({ key: name, label: name, controls: code }));
    if (this.#docTab && this.#docPanel) {
      specs.push({ key: TASK_TAB, label: this.#docTab.label, controls: this.#docPanel.id });
    }
    this.#tabs.setTabs(specs.map((s) => ({ ...s, kind: s.key === TASK_TAB ? 'doc' : 'file' })));
    if (this.#tabs.selected === TASK_TAB) return;
    this.open(files.includes(this.#current) ? this.#current : (files[0] ?? ''));
  }

  /** Shows one file. */
  open(name: string): void {
    this.#tabs.select(name);
  }

  /** Shows the task tab beside the files. */
  openTask(): void {
    if (this.#docPanel) this.#tabs.select(TASK_TAB, true);
  }

  /** Turns line wrapping on or off (remembered in this browser). */
  toggleWrap(): boolean {
    this.#wrapping = !this.#wrapping;
    try {
      localStorage.setItem(WRAP_KEY, this.#wrapping ? '1' : '0');
    } catch {
      // Storage may be off (private mode); wrapping still applies to this page.
    }
    this.#wrapButton.setAttribute('aria-pressed', String(this.#wrapping));
    this.#view.dispatch({ effects: this.#wrap.reconfigure(wrapExtension(this.#wrapping)) });
    return true;
  }

  /** Makes the editor writable or read-only (the server enforces the same rule). */
  setEditable(canEdit: boolean): void {
    this.#canEdit = canEdit;
    this.element.classList.toggle('read-only', !canEdit);
    this.#view.dispatch({ effects: this.#editable.reconfigure(editableExtensions(canEdit)) });
  }

  /** The file on screen (or last on screen, while the task tab is open). */
  get currentFile(): string {
    return this.#current;
  }

  /** The files, in tab order. */
  get files(): string[] {
    return this.#files;
  }

  #show(key: string): void {
    const task = key === TASK_TAB;
    this.#host.hidden = task;
    if (this.#docPanel) this.#docPanel.hidden = !task;
    const panel = task ? this.#docPanel : this.#host;
    const tab = this.#tabs.tabOf(key);
    if (panel && tab) panel.setAttribute('aria-labelledby', tab.id);
    if (!task) this.#openFile(key);
  }

  #openFile(name: string): void {
    if (name === this.#current && this.#view.state.doc.length > 0) return;
    this.#current = name;
    const ytext = this.doc.getText(name);
    let undo = this.#undo.get(name);
    if (!undo) {
      // No tracked origins of its own: yCollab adds this editor's, so remote edits stay out.
      undo = new Y.UndoManager(ytext, { trackedOrigins: new Set() });
      this.#undo.set(name, undo);
    }
    this.awareness?.setLocalStateField('file', name);
    this.#view.setState(
      EditorState.create({
        doc: ytext.toString(),
        extensions: [
          baseExtensions(() => this.toggleWrap()),
          EditorView.contentAttributes.of({
            'aria-label': `Code editor, ${name}`,
            // Focusable even while read-only, so the code can still be scrolled and read.
            tabindex: '0',
            'aria-describedby': this.#hintId,
          }),
          yCollab(ytext, this.awareness, { undoManager: undo }),
          this.#editable.of(editableExtensions(this.#canEdit)),
          this.#wrap.of(wrapExtension(this.#wrapping)),
        ],
      }),
    );
  }
}

function editableExtensions(canEdit: boolean): Extension {
  return [EditorState.readOnly.of(!canEdit), EditorView.editable.of(canEdit)];
}

function wrapExtension(on: boolean): Extension {
  return on ? EditorView.lineWrapping : [];
}

function readWrap(): boolean {
  try {
    return localStorage.getItem(WRAP_KEY) === '1';
  } catch {
    return false;
  }
}
