import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intersectNodeRanges, nodeRangeAccepts } from '../../src/attempt/node-range.js';
import { portableAttemptFiles, portableNodeRange } from '../../src/attempt/portable-files.js';
import { kitRoot } from '../../src/paths.js';

/** Node versions around every boundary the kit's packages name. */
const PROBES = [
  '18.20.0',
  '20.0.0',
  '20.18.3',
  '20.19.0',
  '20.19.5',
  '21.0.0',
  '21.7.3',
  '22.0.0',
  '22.11.0',
  '22.12.0',
  '22.20.0',
  '23.0.0',
  '23.11.1',
  '24.0.0',
  '25.2.0',
  '30.0.0',
];

const enginesOf = (path: string): string =>
  (
    JSON.parse(readFileSync(join(kitRoot, 'node_modules', path, 'package.json'), 'utf8')) as {
      engines: { node: string };
    }
  ).engines.node;

describe('intersectNodeRanges', () => {
  it("narrows vite's range by vitest's: no Node 21 or 23, 22 from 22.12", () => {
    expect(intersectNodeRanges(['^20.19.0 || >=22.12.0', '^20.0.0 || ^22.0.0 || >=24.0.0'])).toBe(
      '^20.19.0 || ^22.12.0 || >=24.0.0',
    );
  });

  it('reads partial versions, >, <, <=, ~, x-ranges and space-separated sets', () => {
    expect(intersectNodeRanges(['>=20.19', '>=14.17', '>=10.0.0'])).toBe('>=20.19.0');
    expect(intersectNodeRanges(['>18'])).toBe('>=19.0.0');
    expect(intersectNodeRanges(['>18.2.3 <=20'])).toBe('>=18.2.4 <21.0.0');
    expect(intersectNodeRanges(['~20.19.1', '*'])).toBe('>=20.19.1 <20.20.0');
    expect(intersectNodeRanges(['20.x || 22', '>= 20.5'])).toBe('^20.5.0 || ^22.0.0');
    expect(intersectNodeRanges(['^20.19.0 || ^21.0.0'])).toBe('>=20.19.0 <22.0.0');
    expect(intersectNodeRanges(['>=18.0.0-0', '<=22.1.0+build'])).toBe('>=18.0.0 <22.1.1');
  });

  it('refuses ranges no version satisfies, and syntax it does not read', () => {
    expect(() => intersectNodeRanges(['^18.0.0', '>=20'])).toThrow(
      'No Node version satisfies all of "^18.0.0", ">=20".',
    );
    expect(() => intersectNodeRanges(['18 - 20'])).toThrow('Cannot read the Node range "18 - 20"');
  });
});

describe('portableNodeRange', () => {
  it("accepts exactly the Node versions the kit's installed vitest and its vite both accept", () => {
    const inputs = [enginesOf('vitest'), enginesOf('vite')];
    const range = portableNodeRange(['vitest', 'typescript', '@types/node']);
    for (const version of PROBES) {
      const all = inputs.every((input) => nodeRangeAccepts(input, version));
      expect(nodeRangeAccepts(range, version), `Node ${version} in "${range}"`).toBe(all);
    }
    // The bug this replaced: ">=20.19" let npm install vitest on Node 21 and 22.11.
    expect(nodeRangeAccepts(range, '21.7.3')).toBe(false);
    expect(nodeRangeAccepts(range, '22.11.0')).toBe(false);
  });

  it("is the package.json's engines of a portable attempt and is named in its README note", () => {
    const files = portableAttemptFiles('level1', {
      'README.md': '# Level 1\n',
      'src/server.ts': "import { WebSocketServer } from 'ws';\n",
      'test/server.test.ts': "import { it } from 'vitest';\n",
    });
    const pkg = JSON.parse(files['package.json'] ?? '{}') as { engines: { node: string } };
    expect(pkg.engines.node).toBe(portableNodeRange(['ws', '@types/ws', 'vitest']));
    expect(files['README.md']).toContain(`Node \`${pkg.engines.node}\``);
  });
});

describe('nodeRangeAccepts', () => {
  it('reads a version with or without its v', () => {
    expect(nodeRangeAccepts('^20.19.0 || >=22.12.0', 'v20.19.2')).toBe(true);
    expect(nodeRangeAccepts('^20.19.0 || >=22.12.0', '22.11.0')).toBe(false);
    expect(nodeRangeAccepts('^20.19.0 || >=22.12.0', 'v24.1.0')).toBe(true);
  });
});
