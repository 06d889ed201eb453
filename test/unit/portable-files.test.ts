import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importedPackages, portableDependencies } from '../../src/attempt/portable-files.js';
import { scaffoldAttempt } from '../../src/attempt/scaffold.js';
import { isKitError } from '../../src/errors.js';
import { tempDir } from '../support/run-kit.js';

const root = await tempDir('portable-files');
afterAll(() => rm(root, { recursive: true, force: true }));

describe('importedPackages', () => {
  it('names bare packages once, scoped ones by scope and name, and skips builtins and local paths', () => {
    const source = [
      "import { once } from 'node:events';",
      "import { readFile } from 'fs/promises';",
      "import { WebSocket } from 'ws';",
      "import type { WebSocketServer } from 'ws';",
      "import { ChatServer } from '#attempt/server';",
      "import { x } from './x.js';",
      "import { createClient } from '@redis/client/dist/index.js';",
      "const lazy = await import('yjs');",
      "import 'side-effect';",
    ].join('\n');
    expect(importedPackages(source)).toEqual(['@redis/client', 'side-effect', 'ws', 'yjs']);
  });
});

describe('portableDependencies', () => {
  it("pins src's packages as dependencies and the tests' as devDependencies, with their types", () => {
    const pins = portableDependencies('level1', {
      'src/server.ts': "import { WebSocketServer } from 'ws';",
      'test/server.test.ts': "import { it } from 'vitest';\nimport { WebSocket } from 'ws';",
      'README.md': "import { nothing } from 'not-code';",
    });
    expect(Object.keys(pins.dependencies)).toEqual(['ws']);
    expect(Object.keys(pins.devDependencies)).toEqual([
      '@types/node',
      '@types/ws',
      'typescript',
      'vitest',
    ]);
  });

  it('refuses a package the kit has not installed, naming the level and the package', () => {
    let error: unknown;
    try {
      portableDependencies('tiny', { 'src/a.ts': "import left from 'left-pad-not-installed';" });
    } catch (caught) {
      error = caught;
    }
    expect(isKitError(error) && error.code).toBe('KIT_LEVEL_INVALID');
    expect((error as Error).message).toContain('"tiny" imports "left-pad-not-installed"');
  });
});

describe('scaffoldAttempt({ portable: true }) over a linked attempt (--force)', () => {
  it("drops the kit's node_modules link, so no link goes out with the folder", async () => {
    const dir = join(root, 'was-linked');
    await scaffoldAttempt({ levelId: 'level1', dir });
    expect((await lstat(join(dir, 'node_modules'))).isSymbolicLink()).toBe(true);
    await scaffoldAttempt({ levelId: 'level1', dir, portable: true, force: true });
    expect(await readdir(dir)).not.toContain('node_modules');
    expect(await readdir(dir)).toContain('vitest.config.ts');
  });
});
