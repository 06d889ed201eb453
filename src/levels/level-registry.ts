import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { KitError } from '../errors.js';
import { MANIFEST_FILE, parseLevelManifest } from './level-manifest.js';
import { type LevelSource, levelSources } from './level-sources.js';
import type { LevelId, PublicLevelInfo } from './level-types.js';

/** The files of one level, as absolute paths resolved from its manifest. */
export interface LevelPaths {
  /** The manifest itself. */
  manifest: string;
  /** The folder that holds `levels/` (the kit, or a pack). */
  root: string;
  readme: string;
  starter: string;
  visibleTests: string;
  solution: string;
  graders: string;
  guide: string;
  rubric: string;
}

/** One level, as `kit list` shows it and every command finds it. */
export interface LevelInfo {
  id: LevelId;
  slug: string;
  title: string;
  /** Interview time budget in minutes. */
  minutes: number;
  summary: string;
  order: number;
  /** `kit` for the kit's own levels, else the pack's name. */
  pack: string;
  builtIn: boolean;
  /** Starter files the candidate writes, and those given ready-made. */
  starterFiles: { write: string[]; provided: string[] };
  paths: LevelPaths;
}

/** The fields of a level that a page or a report may show. */
export function publicLevelInfo(level: LevelInfo): PublicLevelInfo {
  const { id, slug, title, minutes, summary, pack } = level;
  return { id, slug, title, minutes, summary, pack };
}

/** How messages name a manifest: relative to the kit for its own levels, absolute for a pack's. */
function shownPath(source: LevelSource, file: string): string {
  return source.builtIn ? relative(source.root, file) : file;
}

function loadSource(source: LevelSource): LevelInfo[] {
  const dir = join(source.root, 'levels');
  const levels: LevelInfo[] = [];
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const folder of folders) {
    const file = join(dir, folder, MANIFEST_FILE);
    const shown = shownPath(source, file);
    if (!existsSync(file)) {
      throw new KitError(
        'KIT_LEVEL_INVALID',
        `${shown} is missing: every folder under levels/ is a level and needs one. See CONTRIBUTING.md, "Adding a level".`,
      );
    }
    const m = parseLevelManifest(readFileSync(file, 'utf8'), shown, folder);
    // Everything a level names stays in its pack's folder: what the jail binds for its graders
    // is that folder's, never a path elsewhere on the machine.
    const at = (p: string, field: string) => {
      const path = resolve(dirname(file), p);
      const rel = relative(source.root, path);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
        throw new KitError(
          'KIT_LEVEL_INVALID',
          `${shown}: "${field}" must stay inside ${source.builtIn ? 'the kit' : `the pack's folder ${source.root}`}`,
        );
      }
      return path;
    };
    levels.push({
      id: m.id,
      slug: m.slug,
      title: m.title,
      minutes: m.minutes,
      summary: m.summary,
      order: m.order,
      pack: source.name,
      builtIn: source.builtIn,
      starterFiles: { write: m.starter.write, provided: m.starter.provided },
      paths: {
        manifest: file,
        root: source.root,
        readme: at(m.task, 'task'),
        starter: at(m.starter.dir, 'starter.dir'),
        visibleTests: at(m.tests, 'tests'),
        solution: at(m.solution, 'solution'),
        graders: at(m.graders, 'graders'),
        guide: at(m.guide, 'guide'),
        rubric: at(m.rubric, 'rubric'),
      },
    });
  }
  return levels.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Refuses a level whose id or slug another level already answers to. */
function checkUnique(levels: LevelInfo[]): void {
  const names = new Map<string, LevelInfo>();
  for (const level of levels) {
    for (const name of new Set([level.id, level.slug])) {
      const other = names.get(name);
      if (other) {
        throw new KitError(
          'KIT_LEVEL_CONFLICT',
          `Level "${level.id}" of pack "${level.pack}" (${level.paths.manifest}) answers to "${name}", as level "${other.id}" of pack "${other.pack}" already does; ids and slugs must be unique across packs. Rename it in its level.json (and its folder), or leave that pack out.`,
        );
      }
      names.set(name, level);
    }
  }
}

let cache: { key: string; levels: LevelInfo[] } | null = null;

/** Every level of the kit and its packs, in order: the kit's first, then each pack's. */
export function listLevels(): readonly LevelInfo[] {
  const sources = levelSources();
  const key = JSON.stringify(sources);
  if (cache?.key === key) return cache.levels;
  const levels = sources.flatMap(loadSource);
  checkUnique(levels);
  cache = { key, levels };
  return levels;
}

/** Forgets the levels read so far; the next call reads the manifests again. */
export function forgetLevels(): void {
  cache = null;
}

/** Finds a level by id (`level2`) or slug (`fanout`), case-insensitively. */
export function findLevel(name: string): LevelInfo {
  const wanted = name.trim().toLowerCase();
  const levels = listLevels();
  const level = levels.find((l) => l.id === wanted || l.slug === wanted);
  if (!level) {
    const known = levels.map((l) => `${l.id} (${l.slug})`).join(', ');
    throw new KitError(
      'KIT_LEVEL_NOT_FOUND',
      `Level "${name}" not found; the levels are ${known}. Run \`kit list\`.`,
    );
  }
  return level;
}

/**
 * The level an attempt records. Unlike `findLevel`, a level no source has is most likely a pack's
 * that was not named: the message says how to name it.
 */
export function findAttemptLevel(id: LevelId, dir: string): LevelInfo {
  const level = listLevels().find((l) => l.id === id);
  if (level) return level;
  throw new KitError(
    'KIT_LEVEL_NOT_FOUND',
    `The attempt in "${dir}" is of level "${id}", which neither the kit nor a named level pack has. If it is a pack's level, name the pack with \`--levels <pack folder>\` or KIT_LEVELS and run the command again; \`kit list\` shows the levels found.`,
  );
}

/** Where a level's files live, from its manifest. */
export function levelPaths(id: LevelId): LevelPaths {
  return findLevel(id).paths;
}
