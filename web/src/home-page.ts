import { DECISION_LABELS, type Decision } from '../../src/room/protocol/people-protocol.js';
import type { Role, SessionSummary, SessionWithLinks } from '../../src/room/protocol/protocol.js';
import { createApi, type KitApi } from './api.js';
import { renderCopyField } from './copy-field.js';
import { h, replaceChildren } from './dom.js';
import { formatDateTime, formatDuration } from './format.js';
import { renderSessionFilter, type SessionFilter, sessionMatches } from './session-filter.js';

/** The interviewer's home: create a session, copy its links once, list past sessions, rotate links. */
export function mountHome(root: HTMLElement, serverToken: string): void {
  document.title = 'interview-kit · sessions';
  if (!serverToken) {
    replaceChildren(
      root,
      h(
        'main',
        { class: 'page narrow' },
        h('h1', null, 'interview-kit'),
        h('p', null, 'Open the address `kit serve` printed: it carries the server token.'),
      ),
    );
    return;
  }
  const api = createApi(serverToken);
  const created = h('section', { class: 'card', attrs: { 'aria-live': 'polite' } });
  created.hidden = true;
  const tbody = h('tbody');
  const listStatus = h('p', { class: 'muted' }, 'Loading sessions…');
  let loaded: SessionSummary[] = [];
  let filter: SessionFilter = { tag: '', decision: '' };
  const filterForm = renderSessionFilter((next) => {
    filter = next;
    render();
  });
  const form = renderCreateForm(api, (result) => {
    showLinks(created, result);
    void refresh();
  });
  replaceChildren(
    root,
    h(
      'main',
      { class: 'page' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', null, 'interview-kit'),
        h('p', { class: 'muted' }, 'Live interview room'),
      ),
      form,
      created,
      h(
        'section',
        { class: 'card' },
        h('h2', null, 'Past sessions'),
        filterForm,
        listStatus,
        h(
          'table',
          { class: 'sessions', attrs: { 'data-testid': 'sessions' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...[
                'Date',
                'Title',
                'Level',
                'Participants',
                'Duration',
                'Score',
                'Decision',
                'Tags',
                'Status',
                '',
              ].map((t) => h('th', { attrs: { scope: 'col' } }, t)),
            ),
          ),
          tbody,
        ),
      ),
    ),
  );

  async function refresh(): Promise<void> {
    try {
      loaded = await api.sessions();
      render();
    } catch (error) {
      listStatus.hidden = false;
      listStatus.textContent = `Could not load sessions: ${(error as Error).message}`;
    }
  }
  function render(): void {
    const shown = loaded.filter((s) => sessionMatches(s, filter));
    listStatus.textContent =
      loaded.length === 0 ? 'No sessions yet.' : shown.length === 0 ? 'No session matches.' : '';
    listStatus.hidden = shown.length > 0;
    replaceChildren(tbody, ...shown.map((s) => renderRow(api, s, serverToken, created)));
  }
  void refresh();
}

function renderCreateForm(api: KitApi, onCreated: (result: SessionWithLinks) => void): HTMLElement {
  const level = h('select', { attrs: { id: 'level', name: 'level', required: true } });
  const title = h('input', {
    attrs: { id: 'title', name: 'title', maxlength: 120, placeholder: 'e.g. Ada Lovelace, onsite' },
  });
  const submit = h(
    'button',
    { class: 'btn btn-primary', attrs: { type: 'submit' } },
    'Create session',
  );
  const error = h('p', { class: 'error', attrs: { role: 'alert' } });
  void api.levels().then((levels) => {
    replaceChildren(
      level,
      ...levels.map((l) =>
        h('option', { attrs: { value: l.id } }, `${l.id} · ${l.title} (${l.minutes} min)`),
      ),
    );
  });
  const form = h(
    'form',
    { class: 'card create-form' },
    h('h2', null, 'New session'),
    h('div', { class: 'field' }, h('label', { attrs: { for: 'level' } }, 'Level'), level),
    h(
      'div',
      { class: 'field' },
      h('label', { attrs: { for: 'title' } }, 'Title (optional)'),
      title,
    ),
    h('div', { class: 'actions' }, submit),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      onCreated(await api.createSession(level.value, title.value.trim() || undefined));
      title.value = '';
    } catch (e) {
      error.textContent = (e as Error).message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

const ROLE_LABELS: Record<Role, string> = {
  interviewer: 'Interviewer',
  candidate: 'Candidate',
  observer: 'Observer',
};

function showLinks(section: HTMLElement, { session, links }: SessionWithLinks): void {
  section.hidden = false;
  replaceChildren(
    section,
    h('h2', null, `Links for “${session.title}”`),
    h(
      'p',
      { attrs: { 'data-testid': 'links-once' } },
      h('strong', null, 'Copy them now: links are shown once.'),
      ' The server keeps only a hash of each and cannot show them again; a lost link is replaced ' +
        'with “New link…” in the list below.',
    ),
    h(
      'p',
      { class: 'muted' },
      'Each link carries its own secret: send the candidate link to the candidate only.',
    ),
    renderCopyField('Interviewer', links.interviewer, 'link-interviewer'),
    renderCopyField('Candidate', links.candidate, 'link-candidate'),
    renderCopyField('Observer', links.observer, 'link-observer'),
  );
}

// The server cannot show a lost link again; it can replace it. Each button is one role, so a
// click never cuts off more people than the interviewer meant to.
function showRotate(section: HTMLElement, api: KitApi, s: SessionSummary): void {
  section.hidden = false;
  const result = h('div', { attrs: { 'aria-live': 'polite' } });
  const buttons = (['interviewer', 'candidate', 'observer'] as const).map((role) => {
    const button = h(
      'button',
      { class: 'btn btn-small', attrs: { type: 'button', 'data-testid': `rotate-${role}` } },
      `New ${role} link`,
    );
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const rotated = await api.rotateLink(s.id, role);
        replaceChildren(
          result,
          renderCopyField(ROLE_LABELS[role], rotated.link, `link-${role}`),
          h(
            'p',
            { class: 'muted' },
            `Copy it now: it is shown once. The old ${role} link no longer works` +
              (rotated.closed > 0
                ? `; ${rotated.closed} connection(s) using it were closed.`
                : '.'),
          ),
        );
      } catch (error) {
        replaceChildren(result, h('p', { class: 'error' }, (error as Error).message));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  replaceChildren(
    section,
    h('h2', null, `New links for “${s.title}”`),
    h(
      'p',
      { class: 'muted' },
      'Links are shown once, when a session is made. A new link replaces the old one: the old ' +
        'one stops working at once and whoever is connected with it is disconnected.',
    ),
    h('div', { class: 'actions' }, ...buttons),
    result,
  );
}

function renderRow(
  api: KitApi,
  s: SessionSummary,
  serverToken: string,
  linksSection: HTMLElement,
): HTMLElement {
  const replayHref = `/?token=${encodeURIComponent(serverToken)}&replay=${encodeURIComponent(s.id)}`;
  const linksButton = h(
    'button',
    { class: 'btn btn-small btn-quiet', attrs: { type: 'button', 'data-testid': 'new-link' } },
    'New link…',
  );
  linksButton.addEventListener('click', () => {
    showRotate(linksSection, api, s);
    linksSection.scrollIntoView({ behavior: 'smooth' });
  });
  const status =
    s.status === 'ended' ? 'ended' : s.online > 0 ? `live · ${s.online} online` : 'open';
  return h(
    'tr',
    { attrs: { 'data-session': s.id } },
    h('td', null, formatDateTime(s.createdAt)),
    h('td', null, s.title),
    h('td', null, s.level.id),
    h('td', null, formatParticipants(s) || '—'),
    h('td', null, s.durationMs > 0 ? formatDuration(s.durationMs) : '—'),
    h('td', null, formatScore(s) || '—'),
    h('td', { attrs: { 'data-testid': 'decision' } }, decisionLabel(s.review?.decision ?? null)),
    h('td', null, s.review?.tags.join(', ') || '—'),
    h('td', null, h('span', { class: `pill pill-${s.status}` }, status)),
    h(
      'td',
      { class: 'row-actions' },
      linksButton,
      h('a', { class: 'btn btn-small', attrs: { href: replayHref } }, 'Replay'),
    ),
  );
}

function decisionLabel(decision: Decision | null): string {
  return decision ? DECISION_LABELS[decision] : '—';
}

/** `Ada (candidate), Grace (interviewer)`: everyone who joined but observers. */
function formatParticipants(s: SessionSummary): string {
  return s.participants
    .filter((p) => p.role !== 'observer')
    .map((p) => `${p.name} (${p.role})`)
    .join(', ');
}

/** `3 / 10 (30%)` for the last run that produced a report. */
function formatScore(s: SessionSummary): string {
  const score = s.lastScore;
  return score ? `${score.earned} / ${score.possible} (${Math.round(score.percent)}%)` : '';
}
