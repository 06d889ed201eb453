import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KitError } from '../errors.js';
import type { LevelId, Rubric, Visibility } from '../grading/types.js';
import { compiledPath, isCompiled, kitRoot } from '../paths.js';
import { LEVELS, type LevelInfo } from './manifest.js';

/** Finds a level by id (`level2`) or slug (`fanout`), case-insensitively. */
export function findLevel(name: string): LevelInfo {
  const wanted = name.trim().toLowerCase();
  const level = LEVELS.find((l) => l.id === wanted || l.slug === wanted);
  if (!level) {
    const known = LEVELS.map((l) => `${l.id} (${l.slug})`).join(', ');
    throw new KitError(
      'KIT_LEVEL_NOT_FOUND',
      `Level "${name}" not found; the levels are ${known}. Run \`kit list\`.`,
    );
  }
  return level;
}

/** The kit folders of one level. */
export interface LevelPaths {
  readme: string;
  starter: string;
  visibleTests: string;
  solution: string;
  graders: string;
  guide: string;
}

/** Where a level's files live inside the kit. */
export function levelPaths(id: LevelId): LevelPaths {
  return {
    readme: join(kitRoot, 'levels', id, 'README.md'),
    starter: join(kitRoot, 'levels', id, 'src'),
    visibleTests: join(kitRoot, 'levels', id, 'test'),
    solution: join(kitRoot, 'solutions', id),
    graders: join(kitRoot, 'graders', id),
    guide: join(kitRoot, 'guides', `${id}.md`),
  };
}

/** A grader test file of a level, with its visibility. */
export interface GraderFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the kit root, as shown in reports. */
  file: string;
  visibility: Visibility;
}

async function listTestFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Every grader file of a level: the visible tests, then the hidden graders. */
export async function listGraderFiles(
  id: LevelId,
  scope: 'all' | 'visible',
): Promise<GraderFile[]> {
  const paths = levelPaths(id);
  const tag = (visibility: Visibility) => (path: string) => ({
    path,
    file: relative(kitRoot, path),
    visibility,
  });
  const visible = (await listTestFiles(paths.visibleTests)).map(tag('visible'));
  if (scope === 'visible') return visible;
  return [...visible, ...(await listTestFiles(paths.graders)).map(tag('hidden'))];
}

/** Loads `graders/<id>/rubric.ts` (its compiled form when the kit runs from dist/). */
export async function loadRubric(id: LevelId): Promise<Rubric> {
  const source = `graders/${id}/rubric.ts`;
  const path = isCompiled ? compiledPath(source) : join(kitRoot, source);
  const module = (await import(pathToFileURL(path).href)) as { rubric?: Rubric };
  if (!module.rubric) throw new Error(`${source} does not export \`rubric\``);
  return module.rubric;
}
