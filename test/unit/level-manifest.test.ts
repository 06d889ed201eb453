import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKitError } from '../../src/errors.js';
import { parseLevelManifest } from '../../src/levels/level-manifest.js';

const FILE = 'levels/level2/level.json';
const good = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../levels/level2/level.json'), 'utf8'),
) as Record<string, unknown>;

/** The message parseLevelManifest throws for a manifest changed by `change`. */
function problem(change: (m: Record<string, unknown>) => void): string {
  const manifest = structuredClone(good);
  change(manifest);
  try {
    parseLevelManifest(JSON.stringify(manifest), FILE, 'level2');
  } catch (error) {
    if (isKitError(error) && error.code === 'KIT_LEVEL_INVALID') return error.message;
    throw error;
  }
  return 'accepted';
}

describe('parseLevelManifest', () => {
  it('reads the kit’s own manifest as written', () => {
    const m = parseLevelManifest(JSON.stringify(good), FILE, 'level2');
    expect(m).toMatchObject({ id: 'level2', slug: 'fanout', minutes: 60, order: 2 });
    expect(m.starter.write).toContain('server.ts');
    expect(m.starter.provided).toContain('models.ts');
  });

  it('names the file and the field of each problem', () => {
    expect(
      problem((m) => {
        m.minutes = 0;
      }),
    ).toBe(`${FILE}: "minutes" must be a positive integer`);
    expect(
      problem((m) => {
        m.minutes = 1.5;
      }),
    ).toBe(`${FILE}: "minutes" must be a positive integer`);
    expect(
      problem((m) => {
        delete m.rubric;
      }),
    ).toBe(`${FILE}: "rubric" is missing`);
    expect(
      problem((m) => {
        m.id = 'level9';
      }),
    ).toBe(`${FILE}: "id" must be "level2", the name of the level's folder`);
    expect(
      problem((m) => {
        m.slug = 'Fan Out';
      }),
    ).toBe(`${FILE}: "slug" must be lowercase letters, digits and dashes, starting with a letter`);
    expect(
      problem((m) => {
        m.minute = 60;
      }),
    ).toMatch(/^levels\/level2\/level\.json: unknown field "minute"; the fields are id, slug,/);
    expect(
      problem((m) => {
        m.graders = '/etc';
      }),
    ).toBe(`${FILE}: "graders" must be a path relative to the manifest's folder`);
    expect(
      problem((m) => {
        (m.starter as { write: unknown }).write = ['../x.ts'];
      }),
    ).toBe(
      `${FILE}: "starter.write" must list TypeScript file names such as "server.ts", got "../x.ts"`,
    );
    expect(
      problem((m) => {
        (m.starter as { provided: string[] }).provided = ['server.ts'];
      }),
    ).toBe(`${FILE}: "server.ts" is in both "starter.write" and "starter.provided"`);
  });

  it('says when the file is not JSON at all', () => {
    expect(() => parseLevelManifest('{ "id": ', FILE, 'level2')).toThrow(
      /^levels\/level2\/level\.json: not valid JSON \(/,
    );
  });
});
