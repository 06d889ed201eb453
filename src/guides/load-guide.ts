import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KitError } from '../errors.js';
import type { LevelId } from '../grading/types.js';
import { findLevel, listLevels } from '../levels/level-registry.js';
import { kitRoot } from '../paths.js';
import { type Guide, parseGuide } from './parse-guide.js';

/** The name of the candidate study guide, `kit guide study`. */
export const STUDY_GUIDE = 'study';

/** A guide file as read from `guides/`. */
export interface GuideFile {
  /** A level id, or `study`. */
  name: string;
  path: string;
  markdown: string;
}

/** Path of a guide: a level's, as its manifest names it, or the kit's study guide. */
export function guidePath(name: string): string {
  return name === STUDY_GUIDE ? join(kitRoot, 'guides', `${name}.md`) : findLevel(name).paths.guide;
}

/** Every guide the kit can show, in order, with whether its file exists. */
export function listGuides(): { name: string; title: string; exists: boolean }[] {
  const levels = listLevels().map((l) => ({
    name: l.id,
    title: `Interviewer guide: ${l.title}`,
    exists: existsSync(l.paths.guide),
  }));
  const study = join(kitRoot, 'guides', `${STUDY_GUIDE}.md`);
  return [
    ...levels,
    {
      name: STUDY_GUIDE,
      title: 'Study guide for candidates: real-time chat',
      exists: existsSync(study),
    },
  ];
}

/** Reads a guide by level id, slug or `study`; a missing file is a KitError naming the next step. */
export async function readGuideFile(name: string): Promise<GuideFile> {
  const wanted = name.trim().toLowerCase();
  const id = wanted === STUDY_GUIDE ? STUDY_GUIDE : findLevel(wanted).id;
  const path = guidePath(id);
  if (!existsSync(path)) {
    throw new KitError(
      'KIT_GUIDE_MISSING',
      `No guide for "${name}": ${path} is missing. Run \`kit guide\` to list the guides.`,
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
