import { h, replaceChildren } from './dom.js';
import type { PeerPlace } from './presence-dots.js';

/** What following a participant does to the editor. */
export interface FollowTarget {
  open(file: string): void;
  reveal(offset: number): void;
  currentFile(): string;
}

/**
 * The interviewer's "Follow <name>": a button per participant; while one is followed the editor
 * shows their file and keeps their cursor in view, and a line says where they are.
 */
export class FollowControl {
  /** The Follow buttons, for the top bar. */
  readonly buttons = h('span', { class: 'follow-buttons', attrs: { 'data-testid': 'follow' } });
  /** Where the followed participant is, for over the code; hidden while following nobody. */
  readonly where = h('p', {
    class: 'follow-where',
    attrs: { role: 'status', 'data-testid': 'follow-status' },
  });
  #following: string | null = null;
  #places: PeerPlace[] = [];

  constructor(readonly target: FollowTarget) {
    this.where.hidden = true;
  }

  /** The participants' places changed: redraw the buttons and follow the one followed. */
  update(places: PeerPlace[]): void {
    this.#places = places;
    if (this.#following && !places.some((p) => p.name === this.#following)) this.#following = null;
    replaceChildren(
      this.buttons,
      ...places
        .filter((p) => p.file !== null)
        .map((p) => {
          const on = p.name === this.#following;
          return h(
            'button',
            {
              class: `btn btn-small${on ? ' btn-primary' : ''}`,
              attrs: { type: 'button', 'aria-pressed': String(on), 'data-follow': p.name },
              on: { click: () => this.follow(on ? null : p.name) },
            },
            on ? `Stop following ${p.name}` : `Follow ${p.name}`,
          );
        }),
    );
    this.#apply();
  }

  /** Follows a participant by name, or nobody. */
  follow(name: string | null): void {
    this.#following = name;
    this.update(this.#places);
  }

  #apply(): void {
    const p = this.#places.find((x) => x.name === this.#following);
    this.where.hidden = !p?.file;
    if (!p?.file) {
      this.where.textContent = '';
      return;
    }
    if (this.target.currentFile() !== p.file) this.target.open(p.file);
    if (p.head !== null) this.target.reveal(p.head);
    const lines = p.lines
      ? p.lines.from === p.lines.to
        ? `line ${p.lines.from}`
        : `lines ${p.lines.from}–${p.lines.to}`
      : 'no cursor yet';
    this.where.textContent = `Following ${p.name}: ${p.file}, ${lines}`;
  }
}
