import { describe, expect, it } from 'vitest';
import { isKitError } from '../../src/errors.js';
import { findLevel, listLevels } from '../../src/levels/level-registry.js';

describe('the kit levels, read from their manifests', () => {
  it('lists level1 to level3 in order with unique slugs, each from the kit', () => {
    const levels = listLevels();
    expect(levels.map((l) => l.id)).toEqual(['level1', 'level2', 'level3']);
    expect(new Set(levels.map((l) => l.slug)).size).toBe(levels.length);
    expect(levels.every((l) => l.pack === 'kit' && l.builtIn)).toBe(true);
  });
});

describe('findLevel', () => {
  it('accepts an id or a slug, in any case', () => {
    expect(findLevel('level2').id).toBe('level2');
    expect(findLevel('fanout').id).toBe('level2');
    expect(findLevel(' PubSub ').id).toBe('level3');
  });

  it('names the unknown level and the next command', () => {
    let caught: unknown;
    try {
      findLevel('level9');
    } catch (error) {
      caught = error;
    }
    expect(isKitError(caught) && caught.code).toBe('KIT_LEVEL_NOT_FOUND');
    expect((caught as Error).message).toBe(
      'Level "level9" not found; the levels are level1 (broadcast), level2 (fanout), level3 (pubsub). Run `kit list`.',
    );
  });
});
