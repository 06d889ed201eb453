import type { LevelId } from '../grading/types.js';
import type { Hint } from './hints.js';

/** What `kit hint` gave, or that every hint was already given. */
export interface HintResult {
  level: LevelId;
  /** The hint just given and logged; null when none was left. */
  hint: (Hint & { at: string }) | null;
  /** Hints given so far, this one included. */
  used: number;
  total: number;
  /** Points each hint takes off the total (`rubric.hintCost`). */
  hintCost: number;
}

/** What `kit hint --list` shows. */
export interface HintListResult {
  level: LevelId;
  given: (Hint & { at: string })[];
  total: number;
  hintCost: number;
}
