import { h } from './dom.js';
import { createPaneToggle, createSplitter } from './split-pane.js';

/** The room's main area, sized by the one using it. */
export interface RoomLayout {
  element: HTMLElement;
  /** Unfolds the results pane (a run started). */
  showResults(): void;
}

/** The least height the code keeps when the results pane grows. */
const MIN_EDITOR_PX = 240;
const MIN_WORK_PX = 480;

/**
 * Editor above a results pane that folds away and resizes, beside a side panel that resizes; in
 * the side panel, the task above the chat with a splitter between them. Sizes are remembered.
 */
export function layoutRoom(
  editor: HTMLElement,
  results: HTMLElement,
  side: HTMLElement,
  task: HTMLElement | null,
): RoomLayout {
  const pane = h('div', { class: 'results-pane', attrs: { id: 'results-pane' } }, results);
  const work = h('div', { class: 'work' });
  const toggle = createPaneToggle(pane, 'results', 'kit-results-open', (open) =>
    work.classList.toggle('results-closed', !open),
  );
  const resultsSplitter = createSplitter({
    label: 'Resize the results',
    orientation: 'horizontal',
    target: work,
    property: '--results-h',
    initial: 170,
    min: 80,
    max: () => Math.max(80, work.clientHeight - MIN_EDITOR_PX),
    after: true,
    storageKey: 'kit-results-h',
  });
  work.append(editor, h('div', { class: 'results-bar' }, resultsSplitter, toggle.button), pane);
  const main = h('main', { class: 'room-main room-split' }, work);
  const sideSplitter = createSplitter({
    label: 'Resize the side panel',
    orientation: 'vertical',
    target: main,
    property: '--side-w',
    initial: 380,
    min: 260,
    max: () => Math.max(260, window.innerWidth - MIN_WORK_PX),
    after: true,
    storageKey: 'kit-side-w',
  });
  main.append(sideSplitter, side);
  if (task) {
    const taskSplitter = createSplitter({
      label: 'Resize the task',
      orientation: 'horizontal',
      target: side,
      property: '--task-h',
      initial: Math.round(window.innerHeight * 0.3),
      min: 80,
      max: () => Math.max(80, side.clientHeight - 200),
      after: false,
      storageKey: 'kit-task-h',
    });
    task.after(taskSplitter);
    const sync = () => {
      taskSplitter.hidden = !(task as HTMLDetailsElement).open;
    };
    task.addEventListener('toggle', sync);
    sync();
  }
  return { element: main, showResults: () => toggle.setOpen(true) };
}
