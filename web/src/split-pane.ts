import { h } from './dom.js';

/** How a splitter sizes the pane it controls. */
export interface SplitterOptions {
  /** Accessible name, e.g. "Resize the results". */
  label: string;
  /** `horizontal`: a bar between stacked panes (drag up and down); `vertical`: between columns. */
  orientation: 'horizontal' | 'vertical';
  /** The element whose CSS variable `property` holds the pane's size in pixels. */
  target: HTMLElement;
  property: string;
  initial: number;
  min: number;
  /** The largest size now (depends on the window). */
  max(): number;
  /** The pane grows when the pointer moves up (or left): it sits after the splitter. */
  after: boolean;
  /** Remembers the size in this browser under this key. */
  storageKey: string;
}

const STEP = 24;

/**
 * A WAI-ARIA window splitter: focusable, arrows and Home/End resize it, dragging with a pointer
 * does too; the size lives in a CSS variable on the target and is remembered in localStorage.
 */
export function createSplitter(options: SplitterOptions): HTMLElement {
  const { orientation, target, property, min, after, storageKey } = options;
  const el = h('div', {
    class: `splitter splitter-${orientation}`,
    attrs: {
      role: 'separator',
      tabindex: 0,
      'aria-label': options.label,
      'aria-orientation': orientation,
      'aria-valuemin': min,
    },
  });
  let size = Number(read(storageKey)) || options.initial;
  // The first size is not held to max(): the panes are not laid out yet (CSS bounds it instead).
  const apply = (next: number, save: boolean, bounded = true) => {
    const max = bounded ? Math.max(min, options.max()) : Number.POSITIVE_INFINITY;
    size = Math.round(Math.min(Math.max(next, min), max));
    target.style.setProperty(property, `${size}px`);
    el.setAttribute('aria-valuenow', String(size));
    el.setAttribute('aria-valuemax', String(Math.round(Math.max(size, options.max()))));
    if (save) write(storageKey, String(size));
  };
  apply(size, false, false);
  // The window may have changed since: bring the size and its bounds up to date on focus.
  el.addEventListener('focus', () => apply(size, false));
  const grow =
    orientation === 'horizontal' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
  el.addEventListener('keydown', (event) => {
    const sign = after ? 1 : -1;
    if (event.key === grow[0]) apply(size + STEP * sign, true);
    else if (event.key === grow[1]) apply(size - STEP * sign, true);
    else if (event.key === 'Home') apply(min, true);
    else if (event.key === 'End') apply(options.max(), true);
    else return;
    event.preventDefault();
  });
  el.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    el.setPointerCapture(event.pointerId);
    const start = orientation === 'horizontal' ? event.clientY : event.clientX;
    const from = size;
    const move = (e: PointerEvent) => {
      const delta = (orientation === 'horizontal' ? e.clientY : e.clientX) - start;
      apply(after ? from - delta : from + delta, false);
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      apply(size, true);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  });
  return el;
}

/** A button that shows or hides `pane` (aria-expanded), remembered under `storageKey`. */
export function createPaneToggle(
  pane: HTMLElement,
  name: string,
  storageKey: string,
  onChange: (open: boolean) => void = () => {},
): { button: HTMLButtonElement; setOpen(open: boolean): void } {
  const button = h('button', {
    class: 'btn btn-quiet btn-small pane-toggle',
    attrs: { type: 'button', 'aria-controls': pane.id, 'data-testid': `toggle-${pane.id}` },
  });
  const setOpen = (open: boolean) => {
    pane.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? `Hide ${name} ▾` : `Show ${name} ▸`;
    write(storageKey, open ? '1' : '0');
    onChange(open);
  };
  button.addEventListener('click', () => setOpen(pane.hidden));
  setOpen(read(storageKey) !== '0');
  return { button, setOpen };
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage may be off (private mode): the layout still works, it is just not remembered.
  }
}
