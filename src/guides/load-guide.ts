import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { findLevel } from '../levels/load-level.js';
import { LEVELS } from '../levels/manifest.js';
import { kitRoot } from '../paths.js';
import { type Guide, parseGuide } from './parse-guide.js';

/** The name of the candidate study guide, `kit guide study`. */
export const STUDY_GUIDE = 'study';

/** A guide file as read from `guides/`. */
export interface GuideFile {
  /** `level1`..`level3` or `study`. */
  name: string;
  path: string;
  markdown: string;
}

/** Path of a guide in the kit: `guides/<name>.md`. */
export function guidePath(name: string): string {
  return join(kitRoot, 'guides', `${name}.md`);
}

/** Every guide the kit can show, in order, with whether its file exists. */
export function listGuides(): { name: string; title: string; exists: boolean }[] {
  const levels = LEVELS.map((l) => ({ name: l.id, title: `Interviewer guide: ${l.title}` }));
  return [
    ...levels,
    { name: STUDY_GUIDE, title: 'Study guide for candidates: real-time chat' },
  ].map((g) => ({ ...g, exists: existsSync(guidePath(g.name)) }));
}

/** Reads a guide by level id, slug or `study`; a missing file is a KitError naming the next step. */
export async function readGuideFile(name: string): Promise<GuideFile> {
  const wanted = name.trim().toLowerCase();
  const id = wanted === STUDY_GUIDE ? STUDY_GUIDE : findLevel(wanted).id;
  const path = guidePath(id);
  if (!existsSync(path)) {
    throw new KitError(
      'KIT_GUIDE_MISSING',
      `No guide for "${name}": guides/${id}.md is missing from the kit. Run \`kit guide\` to list the guides.`,
    );
  }
  return { name: id, path, markdown: await readFile(path, 'utf8') };
}

/** The parsed interviewer guide of a level, or null when the kit has none yet. */
export async function loadLevelGuide(id: LevelId): Promise<Guide | null> {
  const path = guidePath(id);
  if (!existsSync(path)) return null;
  return parseGuide(await readFile(path, 'utf8'));
}
