import type { GuideOutline } from '../../src/room/protocol/protocol.js';
import { h, replaceChildren } from './dom.js';
import { formatClock } from './format.js';

/** One phase of the interview plan, from the level's guide. */
export interface Phase {
  title: string;
  minutes: number;
}

/** The guide's phases worth showing (a title and some minutes). */
export function phasesFromGuide(guide: GuideOutline | undefined): Phase[] {
  return (guide?.phases ?? []).filter((p) => p.title && p.minutes > 0);
}

/** Which phase `elapsedMs` falls in, with its index and the time left in it; null past the end. */
export function currentPhase(
  phases: readonly Phase[],
  elapsedMs: number,
): { index: number; phase: Phase; leftMs: number } | null {
  let end = 0;
  for (const [index, phase] of phases.entries()) {
    end += phase.minutes * 60_000;
    if (elapsedMs < end) return { index, phase, leftMs: end - elapsedMs };
  }
  return null;
}

/**
 * The interviewer's clock. It starts at the server's `startedAt` (the first candidate join, kept
 * with the session), so a reload or a second interviewer sees the same time; it shows the guide's
 * current phase and stops when the session ends. Without phases in the guide it shows the clock
 * against the level's time budget only.
 */
export class InterviewTimer {
  readonly element: HTMLElement;
  readonly budgetMs: number;
  readonly #body = h('div', { class: 'timer-body', attrs: { 'data-testid': 'phase' } });
  #startedAt: number | null = null;
  #endedAt: number | null = null;
  #interval: ReturnType<typeof setInterval>;

  constructor(
    levelMinutes: number,
    readonly phases: readonly Phase[],
  ) {
    const planned = phases.reduce((sum, p) => sum + p.minutes, 0);
    this.budgetMs = (planned > 0 ? planned : levelMinutes) * 60_000;
    this.element = h('div', { class: 'timer' }, this.#body);
    this.#interval = setInterval(() => this.render(), 1000);
    this.render();
  }

  /** Sets the clock's start from the server (ISO time, or null before the candidate joined). */
  setStart(startedAt: string | null): void {
    const at = startedAt === null ? Number.NaN : Date.parse(startedAt);
    this.#startedAt = Number.isFinite(at) ? at : null;
    this.render();
  }

  /** Freezes the clock at the end of the session. */
  stop(at: number): void {
    this.#endedAt = at;
    clearInterval(this.#interval);
    this.render();
  }

  /** Redraws the phase, elapsed time and progress bar. */
  render(): void {
    if (this.#startedAt === null) {
      replaceChildren(
        this.#body,
        h('p', { class: 'muted' }, 'The clock starts when the candidate joins.'),
      );
      return;
    }
    const elapsed = Math.max(0, (this.#endedAt ?? Date.now()) - this.#startedAt);
    const at = currentPhase(this.phases, elapsed);
    const over = elapsed > this.budgetMs;
    const bar = h('progress', {
      attrs: { max: this.budgetMs, value: Math.min(elapsed, this.budgetMs) },
    });
    const phaseLine =
      this.phases.length === 0
        ? h('p', { class: 'phase muted' }, over ? 'Overtime' : 'The guide lists no phases.')
        : h(
            'p',
            { class: 'phase' },
            at && h('span', { class: 'muted' }, `Phase ${at.index + 1} of ${this.phases.length}: `),
            h('strong', null, at ? at.phase.title : 'Overtime'),
          );
    replaceChildren(
      this.#body,
      phaseLine,
      h(
        'p',
        { class: `clock${over ? ' over' : ''}` },
        `${formatClock(elapsed)} / ${formatClock(this.budgetMs)}`,
        at && h('span', { class: 'muted' }, ` · ${formatClock(at.leftMs)} left in this phase`),
      ),
      bar,
    );
  }
}
