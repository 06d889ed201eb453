import type { AwayPeer } from '../../src/room/protocol/people-protocol.js';
import type { PeerInfo } from '../../src/room/protocol/protocol.js';
import { h, replaceChildren } from './dom.js';

/**
 * Who is in the room, in the top bar: each participant as a chip, those whose connection dropped
 * as "reconnecting…" until their grace ends; for the interviewer, a warning when two people use
 * the candidate link; for oneself while offline, how many edits wait to be sent.
 */
export class PeopleBar {
  readonly element: HTMLElement;
  readonly #chips = h('ul', { class: 'people-chips', attrs: { 'aria-label': 'Participants' } });
  readonly #warning = h('p', {
    class: 'people-warning',
    attrs: { role: 'alert', 'data-testid': 'candidate-link-warning' },
  });
  readonly #pending = h('span', {
    class: 'pending-edits',
    attrs: { role: 'status', 'data-testid': 'pending-edits' },
  });
  #peers: PeerInfo[] = [];
  #away: AwayPeer[] = [];

  constructor(
    readonly you: () => PeerInfo,
    readonly warnLinkSharing: boolean,
  ) {
    this.#warning.hidden = true;
    this.#pending.hidden = true;
    this.element = h(
      'div',
      { class: 'people-bar', attrs: { 'data-testid': 'people' } },
      this.#chips,
      this.#pending,
      this.#warning,
    );
  }

  /** The connected participants and those reconnecting, after a welcome or presence message. */
  set(peers: PeerInfo[], away: AwayPeer[]): void {
    this.#peers = peers;
    // Someone back under a new connection is no longer away, whatever the server said last.
    this.#away = away.filter(
      (a) => !peers.some((p) => p.role === a.peer.role && p.name === a.peer.name),
    );
    this.#render();
  }

  /** Shows "N edits not yet sent" (0 hides it). */
  setPending(count: number): void {
    this.#pending.hidden = count === 0;
    this.#pending.textContent = count === 1 ? '1 edit not yet sent' : `${count} edits not yet sent`;
  }

  #render(): void {
    const me = this.you().id;
    const chips = this.#peers.map((p) =>
      h(
        'li',
        {
          class: `person role-${p.role}`,
          attrs: {
            'data-peer': p.id,
            title: `${p.name} · ${p.role}${p.canEdit ? '' : ' · read-only'}`,
          },
        },
        h('span', { class: 'person-dot', attrs: { 'aria-hidden': 'true' } }),
        p.id === me ? `${p.name} (you)` : p.name,
      ),
    );
    const away = this.#away.map((a) =>
      h(
        'li',
        { class: `person away role-${a.peer.role}`, attrs: { 'data-away': a.peer.name } },
        h('span', { class: 'person-dot', attrs: { 'aria-hidden': 'true' } }),
        `${a.peer.name} · reconnecting…`,
      ),
    );
    replaceChildren(this.#chips, ...chips, ...away);
    const candidates = this.#peers.filter((p) => p.role === 'candidate');
    const warn = this.warnLinkSharing && candidates.length > 1;
    this.#warning.hidden = !warn;
    this.#warning.textContent = warn ? candidateLinkWarning(candidates.map((p) => p.name)) : '';
  }
}

/** The interviewer's warning when several connections use the candidate link, naming each. */
export function candidateLinkWarning(names: string[]): string {
  const list =
    names.length === 2
      ? `${names[0]} and ${names[1]}`
      : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const count = names.length === 2 ? 'Two people are' : `${names.length} people are`;
  return `${count} using the candidate link: ${list}. If that is not expected, make a new candidate link (Links).`;
}
