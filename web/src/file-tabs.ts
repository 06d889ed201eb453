import { h, replaceChildren } from './dom.js';

/** One tab: a file of the level, or a document such as the task. */
export interface TabSpec {
  /** What the owner gets back when the tab is chosen (a file name, or `task`). */
  key: string;
  label: string;
  /** The id of the panel this tab shows. */
  controls: string;
  kind?: 'file' | 'doc';
}

let nextList = 0;

/**
 * A tab list after the WAI-ARIA tabs pattern: one tab stop (the selected tab), Left/Right/Home/End
 * move between tabs and open them, and each tab names the panel it controls.
 */
export class TabList {
  readonly element: HTMLElement;
  readonly #prefix = `tabs-${++nextList}`;
  #specs: TabSpec[] = [];
  #selected = '';

  constructor(
    label: string,
    readonly onSelect: (key: string) => void,
  ) {
    this.element = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': label } });
    this.element.addEventListener('keydown', (event) => this.#onKey(event));
  }

  /** Replaces the tabs; keeps the selection when its key is still there. */
  setTabs(specs: TabSpec[]): void {
    this.#specs = specs;
    replaceChildren(
      this.element,
      ...specs.map((spec, i) =>
        h(
          'button',
          {
            class: `tab tab-${spec.kind ?? 'file'}`,
            attrs: {
              role: 'tab',
              type: 'button',
              id: `${this.#prefix}-${i}`,
              'aria-controls': spec.controls,
              'data-file': spec.kind === 'doc' ? undefined : spec.key,
              'data-tab': spec.key,
            },
            on: { click: () => this.select(spec.key) },
          },
          spec.label,
        ),
      ),
    );
    this.#mark();
  }

  /** Marks `key` selected and tells the owner; `focus` moves the keyboard focus to it. */
  select(key: string, focus = false): void {
    this.#selected = key;
    this.#mark();
    if (focus) this.tabOf(key)?.focus();
    this.onSelect(key);
  }

  /** The selected tab's key. */
  get selected(): string {
    return this.#selected;
  }

  /** The tab element for `key`, for the panel's aria-labelledby. */
  tabOf(key: string): HTMLElement | undefined {
    const i = this.#specs.findIndex((s) => s.key === key);
    return i < 0 ? undefined : (this.element.children[i] as HTMLElement | undefined);
  }

  #mark(): void {
    const hasSelected = this.#specs.some((s) => s.key === this.#selected);
    this.#specs.forEach((spec, i) => {
      const tab = this.element.children[i] as HTMLElement;
      const on = hasSelected ? spec.key === this.#selected : i === 0;
      tab.setAttribute('aria-selected', String(on && hasSelected));
      tab.tabIndex = on ? 0 : -1;
    });
  }

  #onKey(event: KeyboardEvent): void {
    const count = this.#specs.length;
    const at = this.#specs.findIndex((s) => s.key === this.#selected);
    if (count === 0) return;
    const to =
      event.key === 'ArrowRight'
        ? (at + 1) % count
        : event.key === 'ArrowLeft'
          ? (at - 1 + count) % count
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : -1;
    const spec = this.#specs[to];
    if (!spec) return;
    event.preventDefault();
    this.select(spec.key, true);
  }
}
