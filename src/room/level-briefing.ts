import { existsSync, readFileSync } from 'node:fs';
import { hintSequence } from '../attempt/hints.js';
import type { LevelId } from '../grading/types.js';
import { guidePath } from '../guides/load-guide.js';
import { type GuideRubricRow, parseGuide } from '../guides/parse-guide.js';
import { levelPaths } from '../levels/level-registry.js';
import type { ManualCriterionInfo } from './protocol/people-protocol.js';
import type { GuideOutline } from './protocol/protocol.js';

/** A level's task README (candidate material, as `kit start` copies it), or '' when missing. */
export function readLevelTask(id: LevelId): string {
  const path = levelPaths(id).readme;
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * The manual criteria of a guide's rubric table (`kit verify` keeps it equal to the rubric), for
 * scoring in the room: rows whose kind is `manual`, with their points.
 */
export function manualRows(rows: GuideRubricRow[]): ManualCriterionInfo[] {
  return rows.flatMap((row) => {
    const points = Number(row.cells.points);
    if (row.cells.kind?.trim().toLowerCase() !== 'manual' || !Number.isFinite(points)) return [];
    return [{ id: row.id, title: row.cells.criterion ?? row.id, points }];
  });
}

/**
 * The phases of a level's interviewer guide, each at its upper bound (`(15-20 min)` is 20, as the
 * phase clock counts it); no phases when the kit has no guide for the level.
 */
export function readGuideOutline(id: LevelId): GuideOutline {
  const path = guidePath(id);
  if (!existsSync(path)) return { phases: [] };
  const guide = parseGuide(readFileSync(path, 'utf8'));
  return {
    phases: guide.phases.map((p) => ({ title: p.name, minutes: p.maxMinutes })),
    hints: hintSequence(guide.milestones),
    manual: manualRows(guide.rubric),
  };
}
