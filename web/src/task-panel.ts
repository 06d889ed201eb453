import type { SessionInfo } from '../../src/room/protocol/protocol.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';

/**
 * The level's task README from `welcome.task`, rendered as safe Markdown (elements and text nodes,
 * never innerHTML); the level's one-line summary when the server has no README for it.
 */
export function renderTaskContent(session: SessionInfo, task: string): HTMLElement {
  return task.trim() ? renderMarkdown(task) : h('p', null, session.level.summary);
}

/**
 * The task in the side panel: a disclosure that collapses, with a button that opens the task as a
 * tab beside the files (and folds this copy away to leave the chat room).
 */
export function renderTaskPanel(
  session: SessionInfo,
  task: string,
  open: boolean,
  openAsTab: (() => void) | null = null,
): HTMLElement {
  const details = h('details', { class: 'task', attrs: { open } });
  const toTab =
    openAsTab &&
    h(
      'button',
      {
        class: 'btn btn-small',
        attrs: { type: 'button', 'data-testid': 'task-to-tab' },
        on: {
          click: () => {
            details.open = false;
            openAsTab();
          },
        },
      },
      'Open beside the files',
    );
  details.append(
    h('summary', { class: 'section-title' }, `Task · ${session.level.title}`),
    h(
      'div',
      { class: 'task-body', attrs: { 'data-testid': 'task' } },
      toTab && h('p', { class: 'task-actions' }, toTab),
      renderTaskContent(session, task),
    ),
  );
  return details;
}
