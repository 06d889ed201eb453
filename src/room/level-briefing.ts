import { existsSync, readFileSync } from 'node:fs';
import type { LevelId } from '../grading/types.js';
import { guidePath } from '../guides/load-guide.js';
import { parseGuide } from '../guides/parse-guide.js';
import { levelPaths } from '../levels/level-registry.js';
import type { GuideOutline } from './protocol/protocol.js';

/** A level's task README (candidate material, as `kit start` copies it), or '' when missing. */
export function readLevelTask(id: LevelId): string {
  const path = levelPaths(id).readme;
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * The phases of a level's interviewer guide, each at its upper bound (`(15-20 min)` is 20, as the
 * phase clock counts it); no phases when the kit has no guide for the level.
 */
export function readGuideOutline(id: LevelId): GuideOutline {
  const path = guidePath(id);
  if (!existsSync(path)) return { phases: [] };
  const guide = parseGuide(readFileSync(path, 'utf8'));
  return { phases: guide.phases.map((p) => ({ title: p.name, minutes: p.maxMinutes })) };
}
