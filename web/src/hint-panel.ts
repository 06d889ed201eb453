import type { GivenHint, GuideHint } from '../../src/room/protocol/people-protocol.js';
import { h, replaceChildren } from './dom.js';
import { formatTime } from './format.js';

/**
 * Hints in the room. Everyone sees the hints given, newest last; the interviewer also sees the
 * guide's hints in `kit hint` order, each with a Give button until it is given.
 */
export class HintPanel {
  readonly element: HTMLDetailsElement;
  readonly #given = h('ol', {
    class: 'hints-given',
    attrs: { 'data-testid': 'hints-given', 'aria-live': 'polite' },
  });
  readonly #guide = h('ol', { class: 'hints-guide', attrs: { 'data-testid': 'hints-guide' } });
  readonly #summary = h('summary', null, 'Hints');
  #hints: GivenHint[] = [];

  constructor(
    readonly guide: GuideHint[] | null,
    readonly give: (index: number) => boolean,
  ) {
    this.element = h(
      'details',
      { class: 'hints-box', attrs: { 'data-testid': 'hints' } },
      this.#summary,
      this.#given,
      guide ? h('p', { class: 'muted' }, 'From the guide, in order:') : null,
      guide ? this.#guide : null,
    );
    // Candidates see the box only once a hint is given; the interviewer always has it.
    this.element.hidden = guide === null;
    this.#render();
  }

  /** Shows hints given (from welcome or a `hint` message); a new one opens the box. */
  add(hints: GivenHint[]): void {
    const fresh = hints.filter((x) => !this.#hints.some((y) => y.id === x.id));
    if (fresh.length === 0) return;
    this.#hints = [...this.#hints, ...fresh].sort((a, b) => a.id - b.id);
    this.element.hidden = false;
    this.element.open = true;
    this.#render();
  }

  #isGiven(hint: GuideHint): GivenHint | undefined {
    return this.#hints.find((x) => x.milestone === hint.milestone && x.tier === hint.tier);
  }

  #render(): void {
    this.#summary.textContent = `Hints (${this.#hints.length} given)`;
    replaceChildren(
      this.#given,
      ...this.#hints.map((x) =>
        h(
          'li',
          { class: 'hint' },
          h('time', { class: 'muted', attrs: { datetime: x.at } }, formatTime(x.at)),
          ' ',
          h('strong', null, `${x.milestoneTitle} · ${x.tierName}: `),
          x.text,
        ),
      ),
    );
    if (!this.guide) return;
    replaceChildren(
      this.#guide,
      ...this.guide.map((hint, index) => {
        const given = this.#isGiven(hint);
        return h(
          'li',
          { class: 'hint' },
          h('strong', null, `${hint.milestone}. ${hint.milestoneTitle} · ${hint.tierName}: `),
          hint.text,
          ' ',
          given
            ? h('span', { class: 'muted' }, `given ${formatTime(given.at)}`)
            : h(
                'button',
                {
                  class: 'btn btn-small',
                  attrs: { type: 'button', 'data-give-hint': index },
                  on: { click: () => this.give(index) },
                },
                'Give',
              ),
        );
      }),
    );
  }
}
