import type { ChatEntry, PeerInfo } from '../../src/room/protocol/protocol.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';

/** What the chat panel needs from the room. */
export interface ChatPanelOptions {
  maxChars: number;
  /** Sends a message; false when it could not be sent (offline), so the draft is kept. */
  send(text: string): boolean;
  typing(typing: boolean): void;
}

const TYPING_IDLE_MS = 2500;
/** The counter shows from this share of the limit on. */
const COUNT_FROM = 0.8;
let nextPanel = 0;
/** A peer's typing flag expires if its `typing: false` never arrives (it dropped offline). */
const TYPING_STALE_MS = 8000;

/** Participants, chat history, a typing indicator and the message box. Text is never HTML. */
export class ChatPanel {
  readonly element: HTMLElement;
  readonly #peers = h('ul', {
    class: 'peers',
    attrs: { 'data-testid': 'peers', 'aria-label': 'Participants' },
  });
  readonly #list = h('ol', {
    class: 'chat-list',
    // Focusable, so the history scrolls from the keyboard too.
    attrs: { 'data-testid': 'chat', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: 0 },
  });
  readonly #typing = h('p', {
    class: 'typing',
    attrs: { 'data-testid': 'typing', 'aria-live': 'polite' },
  });
  readonly #input: HTMLTextAreaElement;
  readonly #button: HTMLButtonElement;
  readonly #count = h('p', {
    class: 'chat-count',
    attrs: { id: `chat-count-${++nextPanel}`, 'data-testid': 'chat-count' },
  });
  #enabled = true;
  readonly #seen = new Set<number>();
  readonly #typers = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>();
  #typingSent = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly options: ChatPanelOptions) {
    this.#input = h('textarea', {
      // No maxlength: it would cut a pasted message silently. The counter says what is too long.
      attrs: {
        rows: 2,
        placeholder: 'Message (Enter to send, Shift+Enter for a new line)',
        'aria-label': 'Chat message',
        'aria-describedby': this.#count.id,
        'data-testid': 'chat-input',
      },
    });
    this.#button = h('button', { class: 'btn btn-primary', attrs: { type: 'submit' } }, 'Send');
    const form = h('form', { class: 'chat-form' }, this.#input, this.#button, this.#count);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    this.#input.addEventListener('input', () => this.#onInput());
    this.element = h(
      'section',
      { class: 'chat', attrs: { 'aria-label': 'Chat' } },
      h('h2', { class: 'section-title' }, 'People'),
      this.#peers,
      h('h2', { class: 'section-title' }, 'Chat'),
      this.#list,
      this.#typing,
      form,
    );
    this.#countChars();
  }

  /** Shows who is here; `youId` marks the local participant. */
  setPeers(peers: PeerInfo[], youId: string): void {
    const order = { interviewer: 0, candidate: 1, observer: 2 } as const;
    const sorted = [...peers].sort(
      (a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name),
    );
    replaceChildren(
      this.#peers,
      ...sorted.map((p) =>
        h(
          'li',
          { class: `peer role-${p.role}` },
          h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'peer-name' }, p.name),
          p.id === youId && h('span', { class: 'muted' }, ' (you)'),
          h('span', { class: 'badge' }, p.role),
          !p.canEdit &&
            p.role !== 'observer' &&
            h('span', { class: 'badge badge-warn' }, 'read-only'),
        ),
      ),
    );
    for (const id of this.#typers.keys())
      if (!peers.some((p) => p.id === id)) this.setTyping(id, '', false);
  }

  /** Adds messages, skipping ones already shown (a reconnect resends the history). */
  addMessages(entries: ChatEntry[]): void {
    const nearBottom =
      this.#list.scrollHeight - this.#list.scrollTop - this.#list.clientHeight < 40;
    for (const entry of entries) {
      if (this.#seen.has(entry.id)) continue;
      this.#seen.add(entry.id);
      this.#list.append(renderChatEntry(entry));
      this.setTyping(entry.from.id, entry.from.name, false);
    }
    if (nearBottom || entries.length > 1) this.#list.scrollTop = this.#list.scrollHeight;
  }

  /** Shows or clears someone's typing indicator. */
  setTyping(peerId: string, name: string, typing: boolean): void {
    const old = this.#typers.get(peerId);
    if (old) clearTimeout(old.timer);
    this.#typers.delete(peerId);
    if (typing) {
      const timer = setTimeout(() => this.setTyping(peerId, name, false), TYPING_STALE_MS);
      this.#typers.set(peerId, { name, timer });
    }
    const names = [...this.#typers.values()].map((t) => t.name);
    this.#typing.textContent =
      names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
  }

  /** Enables or disables sending (observers, an ended session, offline). */
  setEnabled(enabled: boolean, reason = ''): void {
    this.#enabled = enabled;
    this.#input.disabled = !enabled;
    this.#countChars();
    this.#input.placeholder = enabled
      ? 'Message (Enter to send, Shift+Enter for a new line)'
      : reason;
  }

  #submit(): void {
    const text = this.#input.value.trim();
    if (!text || this.#input.disabled || text.length > this.options.maxChars) return;
    if (this.options.send(text)) {
      this.#input.value = '';
      this.#countChars();
      this.#stopTyping();
    }
  }

  /** Counts as the server does (UTF-16 units after trimming); past the limit, Send is off. */
  #countChars(): void {
    const max = this.options.maxChars;
    const length = this.#input.value.trim().length;
    const over = length > max;
    this.#count.hidden = length < max * COUNT_FROM;
    this.#count.classList.toggle('over', over);
    this.#count.textContent = over
      ? `${length} / ${max} characters: ${length - max} too many to send`
      : `${length} / ${max} characters`;
    this.#input.setAttribute('aria-invalid', String(over));
    this.#button.disabled = !this.#enabled || over;
  }

  #onInput(): void {
    this.#countChars();
    if (!this.#typingSent && this.#input.value.trim() !== '') {
      this.#typingSent = true;
      this.options.typing(true);
    }
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#stopTyping(), TYPING_IDLE_MS);
  }

  #stopTyping(): void {
    clearTimeout(this.#idleTimer);
    if (!this.#typingSent) return;
    this.#typingSent = false;
    this.options.typing(false);
  }
}

/** One chat line: time, sender, text (as text). */
export function renderChatEntry(entry: ChatEntry): HTMLElement {
  return h(
    'li',
    { class: `chat-entry role-${entry.from.role}`, attrs: { 'data-id': entry.id } },
    h(
      'div',
      { class: 'chat-meta' },
      h('span', { class: 'chat-from' }, entry.from.name),
      h('span', { class: 'badge' }, entry.from.role),
      h('time', { class: 'muted', attrs: { datetime: entry.at } }, formatTime(entry.at)),
    ),
    h('p', { class: 'chat-text' }, entry.text),
  );
}
