import type { SessionInfo } from '../../src/room/protocol/protocol.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';

/**
 * The level's task README from `welcome.task`, rendered as safe Markdown (elements and text nodes,
 * never innerHTML); the level's one-line summary when the server has no README for it.
 */
export function renderTaskPanel(session: SessionInfo, task: string, open: boolean): HTMLElement {
  const summary = session.level.summary;
  const body = h(
    'div',
    { class: 'task-body', attrs: { 'data-testid': 'task' } },
    task.trim() ? renderMarkdown(task) : h('p', null, summary),
  );
  return h(
    'details',
    { class: 'task', attrs: { open } },
    h('summary', { class: 'section-title' }, `Task · ${session.level.title}`),
    body,
  );
}
