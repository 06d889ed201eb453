import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portableLockfile, stringifyLikeNpm } from '../../src/attempt/portable-lock.js';
import { kitRoot } from '../support/run-kit.js';

describe('stringifyLikeNpm', () => {
  it("writes the kit's own package-lock.json (written by npm) back byte for byte", async () => {
    const text = await readFile(join(kitRoot, 'package-lock.json'), 'utf8');
    expect(stringifyLikeNpm(JSON.parse(text)) === text).toBe(true);
  });
});

describe('portableLockfile', () => {
  it('is null when a pin is not the version the kit locked (npm then resolves the pins)', () => {
    expect(portableLockfile({ name: 'x', devDependencies: { vitest: '0.0.1' } })).toBeNull();
  });

  it("holds a package's whole tree and nothing the roots do not reach", async () => {
    const kitLock = JSON.parse(await readFile(join(kitRoot, 'package-lock.json'), 'utf8'));
    const ws: string = kitLock.packages['node_modules/ws'].version;
    const lock = JSON.parse(portableLockfile({ name: 'x', devDependencies: { ws } }) ?? '');
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/ws']);
    expect(lock.packages['node_modules/ws'].dev).toBe(true);
  });
});
