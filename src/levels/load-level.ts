import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledPath, isCompiled, kitRoot } from '../paths.js';
import { findLevel } from './level-registry.js';
import type { LevelId, Rubric, Visibility } from './level-types.js';

/** Where a path lies inside a folder (not the folder itself, not outside it). */
const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * How reports name a grader file: relative to the kit (`graders/level2/drops.test.ts`), or in full
 * for a pack's, which lives outside it. The engine names files this one way everywhere, so
 * tamper findings and outcomes match.
 */
export function graderFileName(path: string): string {
  return inside(kitRoot, path) ? relative(kitRoot, path) : path;
}

/** A grader test file of a level, with its visibility. */
export interface GraderFile {
  /** Absolute path. */
  path: string;
  /** As reports show it (`graderFileName`). */
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
  const { paths } = findLevel(id);
  const tag = (visibility: Visibility) => (path: string) => ({
    path,
    file: graderFileName(path),
    visibility,
  });
  const visible = (await listTestFiles(paths.visibleTests)).map(tag('visible'));
  if (scope === 'visible') return visible;
  return [...visible, ...(await listTestFiles(paths.graders)).map(tag('hidden'))];
}

/**
 * The URL to import a rubric module from. The kit's own rubrics are compiled into dist/; a pack's
 * TypeScript rubric is transpiled here (its imports must be type-only), a JavaScript one imported.
 */
async function rubricUrl(path: string): Promise<string> {
  if (!isCompiled) return pathToFileURL(path).href;
  if (inside(kitRoot, path)) {
    const compiled = compiledPath(relative(kitRoot, path));
    if (existsSync(compiled)) return pathToFileURL(compiled).href;
  }
  if (!path.endsWith('.ts')) return pathToFileURL(path).href;
  const ts = (await import('typescript')).default;
  const { outputText } = ts.transpileModule(await readFile(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: path,
  });
  return `data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`;
}

/** Loads the rubric module a level's manifest names, and checks it exports a `rubric`. */
export async function loadRubric(id: LevelId): Promise<Rubric> {
  const { paths } = findLevel(id);
  const shown = graderFileName(paths.rubric);
  if (!existsSync(paths.rubric)) throw new Error(`${shown} (the rubric of ${id}) is missing`);
  const module = (await import(await rubricUrl(paths.rubric))) as { rubric?: Rubric };
  const rubric = module.rubric;
  if (!rubric || !Array.isArray(rubric.criteria)) {
    throw new Error(`${shown} does not export \`rubric\` with a \`criteria\` array`);
  }
  return rubric;
}
