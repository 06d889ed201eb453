import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findLevel, listLevels } from '../../src/levels/level-registry.js';
import { levelSources, resolvePack, useLevelPacks } from '../../src/levels/level-sources.js';

// Where packs come from besides --levels: an installed npm package, and interview-kit.json.

const FIXTURE = join(import.meta.dirname, '../fixtures/level-pack');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kit-sources-'));
  await mkdir(join(dir, 'project/node_modules'), { recursive: true });
  await cp(FIXTURE, join(dir, 'project/node_modules/tiny-pack'), { recursive: true });
});
afterEach(() => useLevelPacks([]));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('level packs', () => {
  it('resolves an installed package by name from a folder below its node_modules', async () => {
    await mkdir(join(dir, 'project/sub'), { recursive: true });
    const pack = resolvePack('tiny-pack', join(dir, 'project/sub'), '--levels');
    expect(pack).toMatchObject({ name: 'tiny-pack', builtIn: false, via: '--levels' });
    expect(pack.root).toMatch(/project\/node_modules\/tiny-pack$/);
  });

  it('reads interview-kit.json in the current folder or above, paths relative to it', async () => {
    await writeFile(
      join(dir, 'project/interview-kit.json'),
      JSON.stringify({ levels: ['tiny-pack'] }),
    );
    useLevelPacks([], join(dir, 'project/sub'));
    const sources = levelSources();
    expect(sources.map((s) => s.name)).toEqual(['kit', 'tiny-pack']);
    expect(sources[1]?.via).toBe(join(dir, 'project/interview-kit.json'));
    expect(findLevel('greet').pack).toBe('tiny-pack');
  });

  it('refuses a manifest path that leaves the pack’s folder', async () => {
    const pack = join(dir, 'escaping');
    await cp(FIXTURE, pack, { recursive: true });
    const manifest = join(pack, 'levels/tiny/level.json');
    const json = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
    await writeFile(manifest, JSON.stringify({ ...json, graders: '../../../project' }));
    useLevelPacks([pack]);
    expect(() => listLevels()).toThrow(
      `${manifest}: "graders" must stay inside the pack's folder ${pack}`,
    );
  });

  it('names the config file when it is malformed', async () => {
    const file = join(dir, 'project/interview-kit.json');
    await writeFile(file, JSON.stringify({ levels: 'tiny-pack' }));
    useLevelPacks([], join(dir, 'project'));
    expect(() => levelSources()).toThrow(
      `${file}: "levels" must be an array of pack folders or package names`,
    );
    await rm(file);
  });
});
