import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { AwayPeer } from '../../src/room/protocol/people-protocol.js';
import type { PeerInfo, ServerMessage, WelcomeMessage } from '../../src/room/protocol/protocol.js';
import type { CodeEditor } from './code-editor.js';
import { h } from './dom.js';
import { FileActions } from './file-actions.js';
import { FollowControl } from './follow-control.js';
import { HintPanel } from './hint-panel.js';
import { PeopleBar } from './people-bar.js';
import { drawPresenceDots, peerPlaces, revealOffset } from './presence-dots.js';
import { ReadOnlyNotice } from './read-only-notice.js';
import { ReviewPanel } from './review-panel.js';
import type { RoomConnection } from './room-connection.js';

/**
 * Where people are and the interviewer's tools, wired to the room: the people bar (reconnecting
 * peers, a shared candidate link, unsent edits), presence dots on file tabs and Follow, the
 * read-only banner, file add/rename/delete, hints, manual scores and the review. The room view
 * mounts `topbar`, `editorTop` and `side`, and passes every server message to `handle`.
 */
export class RoomPeople {
  /** For the top bar. */
  readonly topbar: HTMLElement;
  /** Goes between the file tabs and the code: shown only while it has something to say. */
  readonly editorTop: HTMLElement;
  /** Goes into the tab bar (the Files menu). */
  readonly tabBar: HTMLElement;
  /** For the side panel. */
  readonly side: HTMLElement;
  readonly #bar: PeopleBar;
  readonly #readOnly: ReadOnlyNotice;
  readonly #files: FileActions;
  readonly #follow: FollowControl | null;
  readonly #hints: HintPanel;
  readonly #review: ReviewPanel | null;
  #you: PeerInfo;
  #peers: PeerInfo[];
  #away: AwayPeer[];
  #ended: boolean;
  #online = true;
  #pending = 0;

  constructor(
    welcome: WelcomeMessage,
    readonly doc: Y.Doc,
    readonly awareness: Awareness,
    readonly editor: CodeEditor,
    readonly connection: RoomConnection,
  ) {
    this.#you = welcome.you;
    this.#peers = welcome.peers;
    this.#away = welcome.away ?? [];
    this.#ended = welcome.session.endedAt !== null;
    const interviewer = welcome.you.role === 'interviewer';
    this.#bar = new PeopleBar(() => this.#you, interviewer);
    this.#readOnly = new ReadOnlyNotice(editor.element, welcome.you.role);
    this.#files = new FileActions(() => editor.currentFile, {
      add: (name) => connection.send({ type: 'file.add', name }),
      rename: (name, to) => connection.send({ type: 'file.rename', name, to }),
      remove: (name) => connection.send({ type: 'file.delete', name }),
    });
    this.#follow = interviewer
      ? new FollowControl({
          open: (file) => editor.open(file),
          reveal: (offset) => revealOffset(editor.element, offset),
          currentFile: () => editor.currentFile,
        })
      : null;
    this.#hints = new HintPanel(interviewer ? (welcome.guide?.hints ?? []) : null, (index) =>
      connection.send({ type: 'hint.give', index }),
    );
    this.#review = interviewer
      ? new ReviewPanel(welcome.guide?.manual ?? [], {
          score: (criterion, points, note) =>
            connection.send({ type: 'score.set', criterion, points, ...(note ? { note } : {}) }),
          review: (review) => connection.send({ type: 'review.set', review }),
        })
      : null;
    this.topbar = h('div', { class: 'people-top' }, this.#bar.element, this.#follow?.buttons);
    this.editorTop = h('div', { class: 'editor-top' }, this.#readOnly.element, this.#follow?.where);
    this.tabBar = this.#files.element;
    const bar = editor.element.querySelector('.editor-bar');
    bar?.insertBefore(this.tabBar, bar.querySelector('[data-testid=wrap]'));
    this.side = h('div', { class: 'people-tools' }, this.#hints.element, this.#review?.element);
    // The edits made while offline wait in the document until the next sync sends them.
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === connection || connection.open) return;
      this.#pending += 1;
      this.#bar.setPending(this.#pending);
    });
    awareness.on('change', () => this.#drawPlaces());
  }

  /** Applies a server message (the room view handles its own part of it too). */
  handle(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        this.#you = m.you;
        this.#peers = m.peers;
        this.#away = m.away ?? [];
        this.#ended = m.session.endedAt !== null;
        this.#hints.add(m.hints ?? []);
        if (m.scores) this.#review?.setScores(m.scores);
        if (m.review) this.#review?.setReview(m.review);
        this.#setFiles(m.session.files);
        this.#pending = 0;
        this.#bar.setPending(0);
        break;
      case 'presence':
        this.#peers = m.peers;
        this.#away = m.away ?? [];
        break;
      case 'role.changed':
        this.#peers = m.peers;
        this.#you = m.peers.find((p) => p.id === this.#you.id) ?? this.#you;
        break;
      case 'session.ended':
        this.#ended = true;
        break;
      case 'hint':
        this.#hints.add([m]);
        break;
      case 'scores':
        this.#review?.setScores(m.scores);
        break;
      case 'review':
        this.#review?.setReview(m.review);
        break;
      case 'files':
        this.#setFiles(m.files);
        this.#files.say('');
        break;
      case 'error':
        if (m.code === 'bad-file' || m.code === 'read-only') this.#files.say(m.message);
        break;
      default:
        return;
    }
    this.#sync();
  }

  /** Reflects the connection state. */
  setOnline(online: boolean): void {
    this.#online = online;
    this.#sync();
  }

  #setFiles(files: string[]): void {
    const same =
      files.length === this.editor.files.length &&
      files.every((f, i) => f === this.editor.files[i]);
    if (!same) this.editor.setFiles(files);
    this.#drawPlaces();
  }

  #drawPlaces(): void {
    const places = peerPlaces(this.awareness, this.doc);
    drawPresenceDots(this.editor.element, places);
    this.#follow?.update(places);
    this.#fitEditorTop();
  }

  // The strip over the code takes no height unless it shows something.
  #fitEditorTop(): void {
    this.editorTop.hidden = [...this.editorTop.children].every((c) => (c as HTMLElement).hidden);
  }

  #sync(): void {
    this.#bar.set(this.#peers, this.#away);
    const role = this.#you.role;
    this.#readOnly.set(!this.#ended && role !== 'observer' && !this.#you.canEdit);
    this.#files.setAllowed(!this.#ended && this.#you.canEdit && this.#online);
    this.#fitEditorTop();
  }
}
