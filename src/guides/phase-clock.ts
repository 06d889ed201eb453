import type { GuidePhase } from './parse-guide.js';

/** Where the clock puts an interview among its phases. */
export interface PhaseAt {
  /** 0-based index of the current phase, or null past the last one (or with no phases). */
  index: number | null;
  phase: GuidePhase | null;
  /** Minutes from the start at which the current phase began and ends. */
  startMinute: number;
  endMinute: number;
  next: GuidePhase | null;
  /** True once the clock passed the end of the last phase. */
  over: boolean;
}

/**
 * The phase an interview is in after `elapsedMs`, phases laid end to end. A range such as
 * `(15-20 min)` counts at its upper bound: the schedule says when a phase should be over at the
 * latest, which is what an interviewer watching the clock needs.
 */
export function phaseAt(phases: GuidePhase[], elapsedMs: number): PhaseAt {
  const minute = Math.max(0, elapsedMs) / 60_000;
  let start = 0;
  for (const [index, phase] of phases.entries()) {
    const end = start + phase.maxMinutes;
    if (minute < end) {
      return {
        index,
        phase,
        startMinute: start,
        endMinute: end,
        next: phases[index + 1] ?? null,
        over: false,
      };
    }
    start = end;
  }
  return {
    index: null,
    phase: null,
    startMinute: start,
    endMinute: start,
    next: null,
    over: phases.length > 0,
  };
}

/** The planned length of all phases, ranges at their upper bound. */
export function plannedMinutes(phases: GuidePhase[]): number {
  return phases.reduce((sum, p) => sum + p.maxMinutes, 0);
}
