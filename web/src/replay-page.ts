import { createApi } from './api.js';
import { renderChatEntry } from './chat-panel.js';
import { h, replaceChildren } from './dom.js';
import { formatClock, formatDateTime } from './format.js';
import { parseRecording } from './recording-model.js';
import { ReplayModel as Model, type ReplayModel, type ReplayState } from './replay-model.js';
import { renderRunDiff } from './run-diff.js';
import { renderScorecard } from './scorecard.js';
import { type FollowTarget, StaticCodeView } from './static-code-view.js';

const SPEEDS = [1, 2, 4, 8, 16, 32];
/** With "skip idle", a quiet stretch longer than this (recording time) is jumped over. */
const IDLE_MS = 3000;

/** The replay of a past session at /?token=<server token>&replay=<id>. */
export async function mountReplay(
  root: HTMLElement,
  serverToken: string,
  sessionId: string,
): Promise<void> {
  document.title = 'Replay · interview-kit';
  replaceChildren(
    root,
    h('main', { class: 'page narrow' }, h('p', { class: 'muted' }, 'Loading the recording…')),
  );
  let model: ReplayModel;
  let title = '';
  try {
    const recording = parseRecording(await createApi(serverToken).recording(sessionId));
    model = new Model(recording);
    title = `${recording.header.session.title} · ${recording.header.session.level}`;
    document.title = `Replay: ${recording.header.session.title} · interview-kit`;
    renderPlayer(root, model, title, recording.header.session.createdAt, serverToken);
  } catch (error) {
    replaceChildren(
      root,
      h(
        'main',
        { class: 'page narrow' },
        h('p', { class: 'error' }, `Could not load the replay: ${(error as Error).message}`),
      ),
    );
  }
}

function renderPlayer(
  root: HTMLElement,
  model: ReplayModel,
  title: string,
  createdAt: string,
  token: string,
): void {
  const code = new StaticCodeView();
  const play = h(
    'button',
    { class: 'btn btn-primary', attrs: { type: 'button', 'data-testid': 'play' } },
    '▶ Play',
  );
  const speed = h(
    'select',
    { attrs: { 'aria-label': 'Speed', 'data-testid': 'speed' } },
    ...SPEEDS.map((s) => h('option', { attrs: { value: s, selected: s === 8 } }, `${s}×`)),
  );
  const skip = h('input', { attrs: { type: 'checkbox', checked: true } });
  const follow = h('input', {
    attrs: { type: 'checkbox', checked: true, 'data-testid': 'follow-edits' },
  });
  const clock = h('span', { class: 'clock', attrs: { 'data-testid': 'replay-clock' } });
  const seek = h('input', {
    class: 'seek',
    attrs: {
      type: 'range',
      min: 0,
      max: Math.max(1, model.duration),
      step: 100,
      value: 0,
      'aria-label': 'Seek',
      'data-testid': 'seek',
    },
  });
  const markers = h('div', { class: 'markers', attrs: { 'aria-label': 'Events' } });
  for (const m of model.markers) {
    const marker = h('button', {
      class: `marker marker-${m.kind}`,
      attrs: { type: 'button', title: `${formatClock(m.t)} · ${m.label}`, 'aria-label': m.label },
    });
    marker.style.left = `${(m.t / Math.max(1, model.duration)) * 100}%`;
    marker.addEventListener('click', () => seekTo(m.t));
    markers.append(marker);
  }
  const chat = h('ol', {
    class: 'chat-list',
    attrs: { 'data-testid': 'replay-chat', 'aria-label': 'Messages', tabindex: 0 },
  });
  const present = h('p', { class: 'muted present' });
  const result = h('div', { class: 'run-result' });
  const home = h(
    'a',
    { class: 'btn btn-quiet btn-small', attrs: { href: `/?token=${encodeURIComponent(token)}` } },
    '← Sessions',
  );
  replaceChildren(
    root,
    h(
      'div',
      { class: 'room replay' },
      h(
        'header',
        { class: 'topbar' },
        h('span', { class: 'brand' }, 'interview-kit'),
        h('span', { class: 'session-title' }, title),
        h('span', { class: 'badge' }, 'replay'),
        h('span', { class: 'muted' }, formatDateTime(createdAt)),
        h('span', { class: 'spacer' }),
        home,
      ),
      h(
        'div',
        { class: 'player' },
        play,
        speed,
        h('label', { class: 'skip' }, skip, ' Skip idle'),
        h('label', { class: 'skip' }, follow, ' Follow edits'),
        h('div', { class: 'seek-wrap' }, markers, seek),
        h(
          'span',
          { class: 'legend muted' },
          h('i', { class: 'marker-key marker-run' }),
          'run ',
          h('i', { class: 'marker-key marker-chat' }),
          'chat ',
          h('i', { class: 'marker-key marker-join' }),
          'join ',
          h('i', { class: 'marker-key marker-hint' }),
          'hint ',
          h('i', { class: 'marker-key marker-edit' }),
          'edit',
        ),
        clock,
      ),
      h(
        'main',
        { class: 'room-main' },
        h('div', { class: 'work' }, code.element),
        h(
          'aside',
          { class: 'side' },
          h('h2', { class: 'section-title' }, 'Present'),
          present,
          h('h2', { class: 'section-title' }, 'Chat'),
          chat,
          h('h2', { class: 'section-title' }, 'Latest run'),
          result,
        ),
      ),
      renderRunDiff(model),
    ),
  );

  let t = 0;
  let playing = false;
  let last = 0;
  let shown: ReplayState | null = null;

  /** The file and line a viewer following edits sees at `t`. */
  function followed(): FollowTarget {
    const i = model.editAt(t);
    return i
      ? { file: i.file, line: i.line, key: i.t }
      : { file: model.startFile, line: 1, key: -1 };
  }
  code.onViewerOpen = (file) => {
    if (follow.checked && file !== followed().file) follow.checked = false;
  };
  follow.addEventListener('change', () => render());

  function render(): void {
    const state = model.stateAt(t);
    code.setFiles(state.files, follow.checked ? followed() : undefined);
    clock.textContent = `${formatClock(t)} / ${formatClock(model.duration)}`;
    seek.value = String(t);
    if (!shown || shown.chat.length !== state.chat.length) {
      replaceChildren(chat, ...state.chat.map(renderChatEntry));
      chat.scrollTop = chat.scrollHeight;
    }
    present.textContent = state.present.map((p) => `${p.name} (${p.role})`).join(', ') || 'Nobody';
    if (!shown || shown.runs.length !== state.runs.length) {
      const latest = state.runs.at(-1);
      replaceChildren(
        result,
        latest ? renderScorecard(latest) : h('p', { class: 'muted' }, 'No run yet at this moment.'),
      );
    }
    shown = state;
  }
  function seekTo(at: number): void {
    t = Math.min(model.duration, Math.max(0, at));
    render();
  }
  function setPlaying(on: boolean): void {
    playing = on;
    play.textContent = on ? '❚❚ Pause' : '▶ Play';
    if (on) {
      if (t >= model.duration) t = 0;
      last = performance.now();
      requestAnimationFrame(frame);
    }
  }
  function frame(now: number): void {
    if (!playing) return;
    let next = t + (now - last) * Number(speed.value);
    last = now;
    const upcoming = model.nextEventAfter(t);
    if (skip.checked && upcoming !== null && upcoming - t > IDLE_MS && next < upcoming)
      next = Math.max(next, upcoming - 500);
    seekTo(next);
    if (t >= model.duration) setPlaying(false);
    else requestAnimationFrame(frame);
  }
  play.addEventListener('click', () => setPlaying(!playing));
  seek.addEventListener('input', () => seekTo(Number(seek.value)));
  render();
}
