import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { ROLE_COLORS } from '../../src/room/protocol/awareness-user.js';
import type {
  PeerInfo,
  Role,
  ServerMessage,
  WelcomeMessage,
} from '../../src/room/protocol/protocol.js';
import { createApi } from './api.js';
import { ChatPanel } from './chat-panel.js';
import { CodeEditor } from './code-editor.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';
import { InterviewTimer, phasesFromGuide } from './interview-timer.js';
import { InterviewerPanel } from './interviewer-panel.js';
import type { RoomConnection } from './room-connection.js';
import { layoutRoom, type RoomLayout } from './room-layout.js';
import { RoomPeople } from './room-people.js';
import { RunPanel } from './run-panel.js';
import type { StatusBadge } from './status-badge.js';
import { renderTaskContent, renderTaskPanel } from './task-panel.js';

/** The room once joined: editor left, side panel right, wired to the connection. */
export class RoomView {
  readonly #welcome: WelcomeMessage;
  readonly #editor: CodeEditor;
  readonly #chat: ChatPanel;
  readonly #run: RunPanel;
  readonly #status: StatusBadge;
  readonly #banner = h('div', {
    class: 'banner',
    attrs: { role: 'status', 'data-testid': 'banner' },
  });
  readonly #interviewer: InterviewerPanel | null = null;
  readonly #timer: InterviewTimer | null = null;
  readonly #layout: RoomLayout;
  readonly #people: RoomPeople;
  #you: PeerInfo;
  #ended: boolean;
  #online = true;
  /** The server cannot save: every change is refused until a `storage` message says it can. */
  #paused = false;
  #endText = '';
  #bannerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    welcome: WelcomeMessage,
    doc: Y.Doc,
    awareness: Awareness,
    status: StatusBadge,
    readonly connection: RoomConnection,
  ) {
    this.#welcome = welcome;
    this.#you = welcome.you;
    this.#ended = welcome.session.endedAt !== null;
    this.#status = status;
    const { session, you, limits } = welcome;
    document.title = `${session.title} · interview-kit`;
    const color = ROLE_COLORS[you.role];
    awareness.setLocalStateField('user', { name: you.name, color, colorLight: `${color}33` });
    this.#editor = new CodeEditor(doc, awareness, {
      label: 'Task',
      content: renderTaskContent(session, welcome.task),
    });
    this.#editor.setFiles(session.files);
    this.#chat = new ChatPanel({
      maxChars: limits.maxChatChars,
      send: (text) => connection.send({ type: 'chat', text }),
      typing: (typing) => void connection.send({ type: 'typing', typing }),
    });
    this.#run = new RunPanel(
      you,
      {
        run: (scope) => connection.send({ type: 'run.request', scope }),
        cancel: (runId) => connection.send({ type: 'run.cancel', runId }),
        share: (runId) => connection.send({ type: 'run.share', runId }),
      },
      limits.maxRunOutputBytes,
    );
    if (welcome.runsOff) this.#run.turnOff(welcome.runsOff);
    this.#people = new RoomPeople(welcome, doc, awareness, this.#editor, connection);
    this.#editor.element.insertBefore(
      this.#people.editorTop,
      this.#editor.element.children[1] ?? null,
    );
    const side = h('aside', { class: 'side', attrs: { 'aria-label': 'Task and chat' } });
    const task = renderTaskPanel(session, welcome.task, you.role === 'candidate', () =>
      this.#editor.openTask(),
    );
    if (you.role === 'interviewer') {
      const minutes = session.level.minutes;
      this.#timer = new InterviewTimer(minutes, phasesFromGuide(welcome.guide));
      this.#interviewer = new InterviewerPanel(
        this.#timer,
        {
          setRights: (role, canEdit) => connection.send({ type: 'role.set', role, canEdit }),
          addNote: (text) => connection.send({ type: 'note', text }),
          endSession: () => connection.send({ type: 'session.end' }),
          rotateLink: (role) => rotateLink(session.id, role),
        },
        limits.maxNoteChars,
      );
      side.append(this.#interviewer.element);
    }
    side.append(this.#people.side, task, this.#chat.element);
    this.#layout = layoutRoom(this.#editor.element, this.#run.element, side, task);
    this.#banner.hidden = true;
    replaceChildren(
      root,
      h(
        'div',
        { class: `room role-${you.role}` },
        h(
          'header',
          { class: 'topbar' },
          h('span', { class: 'brand' }, 'interview-kit'),
          h('h1', { class: 'session-title' }, session.title),
          h('span', { class: 'badge' }, session.level.id),
          status.element,
          this.#people.topbar,
          h('span', { class: 'spacer' }),
          this.#run.buttons,
          h('span', { class: 'you' }, `${you.name} · ${you.role}`),
        ),
        this.#banner,
        this.#layout.element,
      ),
    );
  }

  /** Applies one server message to the page. */
  handle(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        this.#you = m.you;
        this.#ended = m.session.endedAt !== null;
        this.#chat.setPeers(m.peers, m.you.id);
        this.#chat.addMessages(m.chat);
        this.#interviewer?.addNotes(m.notes);
        this.#interviewer?.setRights(m.rights, this.#ended);
        if (m.running) {
          this.#run.started(m.running);
          if (m.running.output)
            this.#run.output(m.running.runId, m.running.output.text, m.running.output.cut);
        } else this.#run.finished(m.lastRun);
        this.#timer?.setStart(m.startedAt);
        if (this.#ended) this.#end(m.session.endedAt ?? new Date().toISOString());
        break;
      case 'chat':
        this.#chat.addMessages([m]);
        break;
      case 'typing':
        this.#chat.setTyping(m.peer.id, m.peer.name, m.typing);
        break;
      case 'presence':
        this.#chat.setPeers(m.peers, this.#you.id);
        this.#timer?.setStart(m.startedAt);
        break;
      case 'role.changed':
        this.#chat.setPeers(m.peers, this.#you.id);
        this.#you = m.peers.find((p) => p.id === this.#you.id) ?? this.#you;
        this.#interviewer?.setRights(m.rights, this.#ended);
        break;
      case 'run.started':
        this.#layout.showResults();
        this.#run.started(m);
        break;
      case 'run.result':
        this.#run.finished(m);
        break;
      case 'run.output':
        this.#run.output(m.runId, m.text, m.cut === true);
        break;
      case 'run.shared':
        this.#run.shared(m.run);
        break;
      case 'note':
        this.#interviewer?.addNotes([m]);
        break;
      case 'session.ended':
        this.#end(m.at);
        break;
      case 'storage':
        this.#paused = !m.ok;
        // The pause stays on screen until it is over; the resume is news for a moment.
        this.#showBanner(m.message, 'info', m.ok);
        break;
      case 'error':
        if (m.code === 'run-busy' || m.code === 'no-such-run') this.#run.notice(m.message);
        else if (m.code === 'storage-paused') {
          this.#paused = true;
          this.#showBanner(m.message, 'info');
        } else this.#showBanner(m.message, 'error');
        break;
    }
    this.#people.handle(m);
    this.#sync();
  }

  /** Reflects the connection state in the controls. */
  setOnline(online: boolean): void {
    this.#online = online;
    this.#people.setOnline(online);
    this.#sync();
  }

  #sync(): void {
    const role = this.#you.role;
    const writable = !this.#ended && !this.#paused && role !== 'observer';
    this.#editor.setEditable(!this.#ended && !this.#paused && this.#you.canEdit);
    this.#run.setAllowed(writable && this.#online);
    const reason = this.#ended
      ? 'The session has ended.'
      : this.#paused
        ? PAUSED_TEXT
        : role === 'observer'
          ? 'Observers read the chat.'
          : 'Offline, reconnecting…';
    this.#chat.setEnabled(writable && this.#online, reason);
  }

  #end(at: string): void {
    this.#ended = true;
    this.#status.setEnded();
    this.#timer?.stop(Date.parse(at));
    this.#interviewer?.setRights(this.#welcome.rights, true);
    this.#endText = `This session ended at ${formatTime(at)}. Everything is read-only now.`;
    this.#showBanner(this.#endText, 'info');
  }

  #showBanner(text: string, tone: 'info' | 'error', transient = tone === 'error'): void {
    clearTimeout(this.#bannerTimer);
    this.#banner.hidden = false;
    this.#banner.dataset.tone = tone;
    this.#banner.textContent = text;
    // A refusal is news for a moment; the end of the session stays on screen.
    if (transient) this.#bannerTimer = setTimeout(() => this.#clearError(), 6000);
  }

  #clearError(): void {
    if (this.#ended) this.#showBanner(this.#endText, 'info');
    else if (this.#paused) this.#showBanner(PAUSED_TEXT, 'info');
    else this.#banner.hidden = true;
  }
}

const PAUSED_TEXT = 'The server cannot save right now; changes are paused.';

// The room page holds the interviewer's own token (not the server token), which the API accepts
// for rotating this session's links only. A new interviewer link reopens the page on it.
async function rotateLink(sessionId: string, role: Role): Promise<string> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const { link } = await createApi(token).rotateLink(sessionId, role);
  if (role === 'interviewer') location.replace(link);
  return link;
}
