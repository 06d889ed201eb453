/**
 * A level's id, e.g. `level2`: the name of its folder under a levels root. Checked against the
 * manifests at run time (packs add levels the kit cannot know when it is compiled).
 */
export type LevelId = string;

/** How a rubric criterion is scored. */
export type CriterionKind = 'auto' | 'manual' | 'performance';

/** One line of a level's rubric (the module its manifest names, e.g. `graders/<id>/rubric.ts`). */
export interface Criterion {
  /** Stable id, `R1`, `R2`, ... Grader test titles start with `[R1] `. */
  id: string;
  title: string;
  points: number;
  kind: CriterionKind;
  /** Auto and performance criteria: earn the points only when every test passes. */
  allOrNothing?: boolean;
  /** Manual criteria: what the interviewer looks for, shown when scoring. */
  lookFor?: string;
}

/** A level's rubric. */
export interface Rubric {
  level: LevelId;
  criteria: Criterion[];
  /** Points taken off the total for each hint the candidate used (0 when absent). */
  hintCost?: number;
}

/** Where a test comes from: copied into the attempt, or kept by the kit for `kit grade`. */
export type Visibility = 'visible' | 'hidden';

/** What of a level may leave the trusted side (the room's page, `GET /api/levels`): no paths. */
export interface PublicLevelInfo {
  id: LevelId;
  slug: string;
  title: string;
  /** Interview time budget in minutes. */
  minutes: number;
  summary: string;
  /** `kit` for the kit's own levels, else the pack's name. */
  pack: string;
}
