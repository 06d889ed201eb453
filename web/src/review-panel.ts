import {
  DECISION_LABELS,
  DECISIONS,
  type Decision,
  type ManualCriterionInfo,
  REVIEW_LIMITS,
  type RoomManualScore,
  type SessionReview,
} from '../../src/room/protocol/people-protocol.js';
import { h, replaceChildren } from './dom.js';

/** What the review panel sends. */
export interface ReviewActions {
  score(criterion: string, points: number | null, note: string): boolean;
  review(review: SessionReview): boolean;
}

/**
 * The interviewer's scoring in the room: points and a note per manual criterion (as
 * `kit grade --score`), then tags, a decision and a written summary. Only interviewers get this
 * panel, and only their connections receive what it saves.
 */
export class ReviewPanel {
  readonly element: HTMLElement;
  readonly #criteria = h('div', { class: 'criteria' });
  readonly #tags: HTMLInputElement;
  readonly #summary: HTMLTextAreaElement;
  readonly #decisions: HTMLInputElement[];
  readonly #status = h('span', {
    class: 'muted',
    attrs: { role: 'status', 'data-testid': 'review-status' },
  });
  #scores: Record<string, RoomManualScore> = {};

  constructor(
    readonly manual: ManualCriterionInfo[],
    readonly actions: ReviewActions,
  ) {
    this.#tags = h('input', {
      attrs: {
        type: 'text',
        'aria-label': 'Tags, separated by commas',
        placeholder: 'tags, e.g. backend, senior',
        'data-testid': 'review-tags',
      },
    });
    this.#summary = h('textarea', {
      attrs: {
        rows: 4,
        maxlength: REVIEW_LIMITS.maxSummaryChars,
        'aria-label': 'Summary',
        placeholder: 'Written summary',
        'data-testid': 'review-summary',
      },
    });
    this.#decisions = DECISIONS.map((d) =>
      h('input', {
        attrs: { type: 'radio', name: 'decision', value: d, 'data-testid': `decision-${d}` },
      }),
    );
    const form = h(
      'form',
      { class: 'review-form' },
      h(
        'fieldset',
        { class: 'decision' },
        h('legend', null, 'Decision'),
        ...this.#decisions.map((input, i) =>
          h('label', null, input, ` ${DECISION_LABELS[DECISIONS[i] as Decision]}`),
        ),
      ),
      this.#tags,
      this.#summary,
      h(
        'button',
        { class: 'btn btn-primary', attrs: { type: 'submit', 'data-testid': 'review-save' } },
        'Save review',
      ),
      ' ',
      this.#status,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const decision = (this.#decisions.find((d) => d.checked)?.value ?? null) as Decision | null;
      const tags = this.#tags.value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const sent = actions.review({ tags, decision, summary: this.#summary.value.trim() });
      this.#status.textContent = sent ? 'Saving…' : 'Offline: not saved.';
    });
    this.element = h(
      'details',
      { class: 'review-box', attrs: { 'data-testid': 'review' } },
      h('summary', null, 'Scores and decision'),
      manual.length ? h('p', { class: 'muted' }, 'Manual criteria (as kit grade --score):') : null,
      this.#criteria,
      form,
    );
    this.#renderCriteria();
  }

  /** Shows the saved scores. */
  setScores(scores: Record<string, RoomManualScore>): void {
    this.#scores = scores;
    this.#renderCriteria();
  }

  /** Shows the saved review. */
  setReview(review: SessionReview): void {
    this.#tags.value = review.tags.join(', ');
    this.#summary.value = review.summary;
    for (const d of this.#decisions) d.checked = d.value === review.decision;
    this.#status.textContent =
      review.decision || review.tags.length || review.summary ? 'Saved.' : '';
  }

  #renderCriteria(): void {
    replaceChildren(
      this.#criteria,
      ...this.manual.map((c) => {
        const saved = this.#scores[c.id];
        const points = h('input', {
          attrs: {
            type: 'number',
            min: 0,
            max: c.points,
            step: 0.5,
            'aria-label': `${c.id} points (0 to ${c.points})`,
            'data-testid': `score-${c.id}`,
            value: saved?.points ?? '',
          },
        });
        const note = h('input', {
          attrs: {
            type: 'text',
            maxlength: REVIEW_LIMITS.maxScoreNoteChars,
            placeholder: 'note',
            'aria-label': `${c.id} note`,
            'data-testid': `note-${c.id}`,
            value: saved?.note ?? '',
          },
        });
        const form = h(
          'form',
          { class: 'criterion' },
          h('span', { class: 'criterion-title' }, `${c.id} ${c.title} (0–${c.points})`),
          points,
          note,
          h(
            'button',
            { class: 'btn btn-small', attrs: { type: 'submit', 'data-testid': `save-${c.id}` } },
            'Save',
          ),
          saved ? h('span', { class: 'muted' }, ` saved ${saved.points}/${c.points}`) : null,
        );
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          const value = points.value.trim();
          this.actions.score(c.id, value === '' ? null : Number(value), note.value.trim());
        });
        return form;
      }),
    );
  }
}
