import { isAbsolute } from 'node:path';
import { KitError } from '../errors.js';

/** `levels/<id>/level.json` as written: every path is relative to the manifest's folder. */
export interface LevelManifest {
  id: string;
  /** A second name the level answers to, e.g. `fanout`. */
  slug: string;
  title: string;
  /** Interview time budget in minutes. */
  minutes: number;
  summary: string;
  /** Place in `kit list` within its pack, smallest first. */
  order: number;
  /** The task the candidate reads, copied into the attempt as README.md. */
  task: string;
  starter: {
    /** Folder of the starter sources, copied into the attempt's src/. */
    dir: string;
    /** Files the candidate is expected to change. */
    write: string[];
    /** Files given ready-made (types, a clock, a transport). */
    provided: string[];
  };
  /** Folder of the visible tests, copied into the attempt's test/ and graded as `visible`. */
  tests: string;
  /** Folder of the hidden graders (`*.test.ts`). */
  graders: string;
  /** Folder of the reference solution, same file names as the starter. */
  solution: string;
  /** The interviewer guide (Markdown). */
  guide: string;
  /** The module exporting `rubric` (TypeScript beside the graders, or JavaScript). */
  rubric: string;
}

/** The manifest's file name inside a level's folder. */
export const MANIFEST_FILE = 'level.json';

const NAME = /^[a-z][a-z0-9-]{0,39}$/;
const FILE_NAME = /^[A-Za-z0-9_.-]+\.ts$/;
const FIELDS = [
  'id',
  'slug',
  'title',
  'minutes',
  'summary',
  'order',
  'task',
  'starter',
  'tests',
  'graders',
  'solution',
  'guide',
  'rubric',
] as const;
const STARTER_FIELDS = ['dir', 'write', 'provided'];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a manifest's text and returns it typed. `file` is how messages name it (e.g.
 * `levels/level2/level.json`) and `folder` the name of the level's folder, which the id must
 * equal. Every problem is a KitError naming the file and the field.
 */
export function parseLevelManifest(text: string, file: string, folder: string): LevelManifest {
  const fail = (message: string): never => {
    throw new KitError('KIT_LEVEL_INVALID', `${file}: ${message}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) return fail('must be a JSON object');
  for (const key of Object.keys(data)) {
    if (key !== '$schema' && !(FIELDS as readonly string[]).includes(key)) {
      fail(`unknown field "${key}"; the fields are ${FIELDS.join(', ')}`);
    }
  }
  for (const key of FIELDS) if (!(key in data)) fail(`"${key}" is missing`);

  const text_ = (key: string, value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '')
      fail(`"${key}" must be a non-empty string`);
    return value as string;
  };
  const name = (key: string): string => {
    const value = text_(key, data[key]);
    if (!NAME.test(value)) {
      fail(`"${key}" must be lowercase letters, digits and dashes, starting with a letter`);
    }
    return value;
  };
  const path = (key: string, value: unknown): string => {
    const p = text_(key, value);
    if (isAbsolute(p)) fail(`"${key}" must be a path relative to the manifest's folder`);
    return p;
  };
  const files = (key: string, value: unknown): string[] => {
    if (!Array.isArray(value)) return fail(`"${key}" must be an array of file names`);
    for (const item of value) {
      if (typeof item !== 'string' || !FILE_NAME.test(item)) {
        fail(
          `"${key}" must list TypeScript file names such as "server.ts", got ${JSON.stringify(item)}`,
        );
      }
    }
    return value as string[];
  };

  const id = name('id');
  if (id !== folder) fail(`"id" must be "${folder}", the name of the level's folder`);
  const slug = name('slug');
  const minutes = data.minutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes <= 0) {
    fail('"minutes" must be a positive integer');
  }
  const order = data.order;
  if (typeof order !== 'number' || !Number.isInteger(order)) fail('"order" must be an integer');
  const starter = data.starter;
  if (!isObject(starter)) return fail('"starter" must be an object with dir, write and provided');
  for (const key of Object.keys(starter)) {
    if (!STARTER_FIELDS.includes(key)) fail(`unknown field "starter.${key}"`);
  }
  const write = files('starter.write', starter.write);
  const provided = files('starter.provided', starter.provided);
  if (write.length === 0) fail('"starter.write" must name at least one file');
  const both = write.find((f) => provided.includes(f));
  if (both) fail(`"${both}" is in both "starter.write" and "starter.provided"`);
  return {
    id,
    slug,
    title: text_('title', data.title),
    minutes: minutes as number,
    summary: text_('summary', data.summary),
    order: order as number,
    task: path('task', data.task),
    starter: { dir: path('starter.dir', starter.dir), write, provided },
    tests: path('tests', data.tests),
    graders: path('graders', data.graders),
    solution: path('solution', data.solution),
    guide: path('guide', data.guide),
    rubric: path('rubric', data.rubric),
  };
}
