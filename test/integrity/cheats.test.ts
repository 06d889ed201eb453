import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/paths.js';
import { autoPoints, gradeFiles, removeMade } from './support/graded-copy.js';

// Cheats a candidate tried on level2, each implementing nothing (or a slow design) and each once
// earning a high score. Every one must now score 0 on what it fakes, or be marked tampered with
// its auto criteria at 0. Graded for real, in the jail where the host has one.

afterAll(removeMade);

const GRADING_MS = 90_000;

/** A bounded queue on a plain array: every drop from a full buffer copies what it holds. */
const SHIFT_BUFFER = [
  '/** A bounded queue on a plain array: Array.shift copies what it holds on every drop. */',
  'export class RingBuffer<T> {',
  '  readonly capacity: number;',
  '  #items: T[] = [];',
  '  constructor(capacity: number) {',
  "    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity');",
  '    this.capacity = capacity;',
  '  }',
  '  get size(): number { return this.#items.length; }',
  '  push(item: T): boolean {',
  '    this.#items.push(item);',
  '    if (this.#items.length <= this.capacity) return false;',
  '    this.#items.shift();',
  '    return true;',
  '  }',
  '  peek(): T | undefined { return this.#items[0]; }',
  '  shift(): T | undefined { return this.#items.shift(); }',
  '  clear(): void { this.#items = []; }',
  '}',
].join('\n');

const level2Files = async () =>
  (await readdir(`${kitRoot}/levels/level2/src`)).filter((f) => f.endsWith('.ts'));

describe('cheats on level2', () => {
  it(
    '1. re-exporting the reference through #reference earns nothing and is flagged',
    async () => {
      const files: Record<string, string> = {};
      for (const name of await level2Files()) {
        files[name] = `export * from '#reference/${name.replace(/\.ts$/, '')}';\n`;
      }
      const report = await gradeFiles('level2', files);
      expect(autoPoints(report).earned).toBe(0);
      expect(report.integrity.flags.filter((f) => f.rule === 'reference-import')).toHaveLength(
        Object.keys(files).length,
      );
    },
    GRADING_MS,
  );

  it(
    '2. forged results written into the results channel, then a kill, mark the run tampered',
    async () => {
      const forged = JSON.stringify({
        type: 'module',
        file: `${kitRoot}/graders/level2/buffers.test.ts`,
        loadErrors: [],
        tests: [{ name: '[R2] x', fullName: '[R2] x', state: 'passed', errors: [], durationMs: 1 }],
      });
      const server = [
        "import { writeSync } from 'node:fs';",
        `const forged = ${forged};`,
        'try { (process as unknown as { send?: (m: unknown) => void }).send?.(forged); } catch {}',
        "try { writeSync(3, JSON.stringify({ token: '', seq: 0, message: forged }) + '\\n'); } catch {}",
        "process.kill(process.pid, 'SIGKILL');",
        'export class ChatServer {}',
      ].join('\n');
      const report = await gradeFiles('level2', { 'server.ts': server });
      expect(report.integrity.tampered).toBe(true);
      expect(report.problems.filter((p) => p.kind === 'tampered').length).toBeGreaterThan(0);
      expect(autoPoints(report).earned).toBe(0);
      expect(report.integrity.flags.map((f) => f.rule)).toEqual(
        expect.arrayContaining(['raw-fd-write', 'process-internals']),
      );
    },
    GRADING_MS,
  );

  it(
    "3. rewriting the worker's result channel so failures read as passes marks the run tampered",
    async () => {
      const flip = [
        "import { parentPort } from 'node:worker_threads';",
        'function flip(v: unknown, depth = 0): unknown {',
        "  if (depth > 20 || v === null || typeof v !== 'object') return v;",
        '  const o = v as Record<string, unknown>;',
        '  for (const k of Object.keys(o)) o[k] = flip(o[k], depth + 1);',
        "  if (o.state === 'fail') { o.state = 'pass'; delete o.errors; }",
        '  return o;',
        '}',
        'if (parentPort) {',
        '  const post = parentPort.postMessage.bind(parentPort);',
        '  parentPort.postMessage = (m: unknown, t?: never) => {',
        '    // Only the result updates: every other message of the runner goes through untouched.',
        '    const call = m as { m?: string; a?: unknown };',
        "    if (call?.m !== 'onTaskUpdate') return post(m, t);",
        '    return post({ ...call, a: flip(structuredClone(call.a)) }, t);',
        '  };',
        '}',
      ].join('\n');
      const report = await gradeFiles('level2', {
        'clock.ts': `${flip}\n${(await import('node:fs')).readFileSync(`${kitRoot}/levels/level2/src/clock.ts`, 'utf8')}`,
      });
      expect(report.integrity.tampered).toBe(true);
      expect(report.integrity.findings.map((f) => f.kind)).toContain('canary-passed');
      expect(autoPoints(report).earned).toBe(0);
      expect(report.integrity.flags.map((f) => f.rule)).toContain('forbidden-module');
    },
    GRADING_MS,
  );

  it(
    "4. making the assertion library's assert a no-op is caught by the canaries",
    async () => {
      const noop = [
        "import { chai } from 'vitest';",
        '(chai.Assertion.prototype as unknown as { assert: () => void }).assert = () => {};',
      ].join('\n');
      const clock = (await import('node:fs')).readFileSync(
        `${kitRoot}/levels/level2/src/clock.ts`,
        'utf8',
      );
      const report = await gradeFiles('level2', { 'clock.ts': `${noop}\n${clock}` });
      expect(report.integrity.tampered).toBe(true);
      expect(report.integrity.findings.map((f) => f.kind)).toContain('canary-passed');
      expect(autoPoints(report).earned).toBe(0);
      expect(report.integrity.flags.map((f) => f.rule)).toEqual(
        expect.arrayContaining(['test-internals', 'global-patch']),
      );
    },
    GRADING_MS,
  );

  it(
    '5. an Array.shift buffer that stops performance.now and Date.now still fails R7',
    async () => {
      const shiftBuffer = [
        SHIFT_BUFFER,
        // Frozen clocks: any grader timing with them would see no cost at all.
        'let frozen = 0;',
        'performance.now = () => frozen;',
        'Date.now = () => frozen;',
        'process.hrtime.bigint = () => BigInt(frozen);',
        'frozen += 0;',
      ].join('\n');
      const report = await gradeFiles('level2', { 'ring-buffer.ts': shiftBuffer }, 'solution');
      const r7 = report.criteria.find((c) => c.id === 'R7');
      expect(r7?.earned).toBe(0);
      const others = report.criteria.filter((c) => c.kind !== 'manual' && c.id !== 'R7');
      expect(others.every((c) => c.status === 'passed')).toBe(true);
      expect(report.integrity.flags.filter((f) => f.rule === 'clock-patch')).toHaveLength(3);
    },
    GRADING_MS,
  );

  it(
    '8. making Object.is answer true (so toBe always passes) is caught by the canaries',
    async () => {
      const clock = (await import('node:fs')).readFileSync(
        `${kitRoot}/levels/level2/src/clock.ts`,
        'utf8',
      );
      const report = await gradeFiles('level2', {
        'clock.ts': `Object.is = () => true;\n${clock}`,
      });
      expect(report.integrity.tampered).toBe(true);
      expect(report.integrity.findings.map((f) => f.kind)).toContain('canary-passed');
      expect(autoPoints(report).earned).toBe(0);
      expect(report.integrity.flags.map((f) => [f.file, f.line, f.rule])).toEqual([
        ['clock.ts', 1, 'global-patch'],
      ]);
    },
    GRADING_MS,
  );

  it(
    '9. feeding the CPU clock made-up readings over an Array.shift buffer still fails R7',
    async () => {
      const patches = [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        '// A /proc reader that always answers zero, pushed into every ESM binding of node:fs.',
        'const read = fs.readFileSync;',
        '(fs as unknown as { readFileSync: unknown }).readFileSync = (path: unknown, ...rest: unknown[]) =>',
        "  String(path).includes('schedstat') ? '0 0 0' : (read as (...a: unknown[]) => unknown)(path, ...rest);",
        'syncBuiltinESMExports();',
        '// Any schedstat line reads as a clock moving 2.5 ms a reading, whatever the code costs.',
        'const split = String.prototype.split;',
        'let fake = 0;',
        'String.prototype.split = function (this: string, ...args: unknown[]) {',
        '  return /^\\d+ \\d+ \\d+\\s*$/.test(this)',
        '    ? [String((fake += 2_500_000))]',
        '    : (split as (...a: unknown[]) => string[]).apply(this, args);',
        '} as typeof split;',
      ].join('\n');
      const report = await gradeFiles(
        'level2',
        { 'ring-buffer.ts': `${patches}\n${SHIFT_BUFFER}` },
        'solution',
      );
      expect(report.criteria.find((c) => c.id === 'R7')?.earned).toBe(0);
      expect(report.integrity.flags.map((f) => f.rule)).toEqual(
        expect.arrayContaining(['forbidden-module', 'global-patch']),
      );
    },
    GRADING_MS,
  );
});
