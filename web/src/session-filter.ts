import { DECISION_LABELS, DECISIONS } from '../../src/room/protocol/people-protocol.js';
import type { SessionSummary } from '../../src/room/protocol/protocol.js';
import { h } from './dom.js';

/** The session list's filter: a tag and a decision ('' for any). */
export interface SessionFilter {
  tag: string;
  decision: string;
}

/** True when a session passes the filter (tags compare without case, as `kit sessions --tag`). */
export function sessionMatches(s: SessionSummary, f: SessionFilter): boolean {
  const tag = f.tag.trim().toLowerCase();
  if (tag && !(s.review?.tags ?? []).includes(tag)) return false;
  if (f.decision && s.review?.decision !== f.decision) return false;
  return true;
}

/** The filter controls above the session list; `onChange` gets the filter on every change. */
export function renderSessionFilter(onChange: (filter: SessionFilter) => void): HTMLElement {
  const tag = h('input', {
    class: 'filter-tag-input',
    attrs: { id: 'filter-tag', type: 'search', placeholder: 'tag', 'data-testid': 'filter-tag' },
  });
  const decision = h(
    'select',
    { attrs: { id: 'filter-decision', 'data-testid': 'filter-decision' } },
    h('option', { attrs: { value: '' } }, 'any decision'),
    ...DECISIONS.map((d) => h('option', { attrs: { value: d } }, DECISION_LABELS[d])),
  );
  const changed = () => onChange({ tag: tag.value, decision: decision.value });
  tag.addEventListener('input', changed);
  decision.addEventListener('change', changed);
  return h(
    'div',
    { class: 'session-filter actions' },
    h('label', { attrs: { for: 'filter-tag' } }, 'Tag'),
    tag,
    h('label', { attrs: { for: 'filter-decision' } }, 'Decision'),
    decision,
  );
}
