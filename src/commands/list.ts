import { type LevelInfo, listLevels as listAllLevels } from '../levels/level-registry.js';

/** `kit list`: every level of the kit and its packs, in order. */
export function listLevels(): readonly LevelInfo[] {
  return listAllLevels();
}
