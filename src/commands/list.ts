import { LEVELS, type LevelInfo } from '../levels/manifest.js';

/** `kit list`: every level, in order. */
export function listLevels(): readonly LevelInfo[] {
  return LEVELS;
}
