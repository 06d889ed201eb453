import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureGrowth } from '../../graders/level1/support/delivery-cost.js';
import type { ChatServerLike } from '../../graders/level1/support/harness.js';
import { LEVEL1_MUTANTS } from '../../test/graders/level1-mutants.js';
import { makeMutant, removeMutant } from '../../test/support/mutants.js';

// The R9 proof of level 1: the growth measurement of graders/level1/performance.test.ts, run
// PROOF_RUNS times in a row on three correct designs of our own and on the per-recipient copy
// mutant. A correct design must never fail; the mutant must always fail.
const RUNS = Number(process.env.PROOF_RUNS ?? 100);
const root = resolve(import.meta.dirname, '../..');

type ServerClass = new (options: { host: string; port: number }) => ChatServerLike;

async function load(path: string): Promise<ServerClass> {
  return ((await import(path)) as { ChatServer: ServerClass }).ChatServer;
}

interface Tally {
  name: string;
  expected: 'pass' | 'fail';
  runs: number;
  failed: number;
  growth: { min: number; median: number; max: number };
  seconds: number;
}

async function tally(
  name: string,
  expected: Tally['expected'],
  Server: ServerClass,
): Promise<Tally> {
  const growths: number[] = [];
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const result = await measureGrowth(() => new Server({ host: '127.0.0.1', port: 0 }));
    growths.push(result.large / result.small);
    if (!result.ok) failed++;
  }
  growths.sort((x, y) => x - y);
  const round = (n: number | undefined): number => Math.round((n ?? Number.NaN) * 100) / 100;
  const line: Tally = {
    name,
    expected,
    runs: RUNS,
    failed,
    growth: {
      min: round(growths[0]),
      median: round(growths[Math.floor(growths.length / 2)]),
      max: round(growths.at(-1)),
    },
    seconds: Math.round((performance.now() - started) / 1000),
  };
  console.log(JSON.stringify(line));
  return line;
}

describe('level1 R9 proof', () => {
  it(`fails no correct design and the per-recipient copy in each of ${RUNS} runs`, async () => {
    const fixtures = join(root, 'test/fixtures/level1-perf');
    const copy = LEVEL1_MUTANTS.find((m) => m.name === 'copies the client list for each recipient');
    if (copy === undefined) throw new Error('the per-recipient copy mutant is missing');
    const mutantDir = await makeMutant('level1', copy.patches);
    try {
      const results = [
        await tally(
          'reference (Set)',
          'pass',
          await load(join(root, 'solutions/level1/server.ts')),
        ),
        await tally(
          'array + snapshot per message',
          'pass',
          await load(join(fixtures, 'array-snapshot-server.ts')),
        ),
        await tally(
          'wss.clients + forEach',
          'pass',
          await load(join(fixtures, 'wss-clients-server.ts')),
        ),
        await tally(
          'Map + send callback',
          'pass',
          await load(join(fixtures, 'map-callback-server.ts')),
        ),
        await tally(
          'mutant: copies the client list per recipient',
          'fail',
          await load(join(mutantDir, 'server.ts')),
        ),
      ];
      await mkdir(join(root, 'reports/perf-proof'), { recursive: true });
      await writeFile(
        join(root, 'reports/perf-proof/level1.json'),
        `${JSON.stringify(results, null, 2)}\n`,
      );
      for (const r of results) {
        expect(r.failed, `${r.name}: ${r.failed} of ${r.runs} failed`).toBe(
          r.expected === 'pass' ? 0 : r.runs,
        );
      }
    } finally {
      await removeMutant(mutantDir);
    }
  });
});
