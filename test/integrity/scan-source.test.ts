import { describe, expect, it } from 'vitest';
import { scanSource } from '../../src/integrity/scan-source.js';

const rules = (text: string) => scanSource('src/server.ts', text).map((f) => [f.line, f.rule]);

describe('scanSource', () => {
  it('flags modules that run code elsewhere or look into the process, with their line', () => {
    const text = [
      "import { Worker } from 'node:worker_threads';",
      "import cp from 'child_process';",
      "export * from 'node:vm';",
      "const inspector = await import('node:inspector');",
      "const m = require('module');",
    ].join('\n');
    expect(rules(text)).toEqual([
      [1, 'forbidden-module'],
      [2, 'forbidden-module'],
      [3, 'forbidden-module'],
      [4, 'forbidden-module'],
      [5, 'forbidden-module'],
    ]);
  });

  it('flags the test runner, its assertion library and the reference solution', () => {
    const text = [
      "import { chai } from 'vitest';",
      "import { expect } from 'chai';",
      "import { createBirpc } from '@vitest/runner/utils';",
      "export * from '#reference/server';",
      "export { ChatServer } from '../../solutions/level2/server.js';",
    ].join('\n');
    expect(rules(text).map(([, rule]) => rule)).toEqual([
      'test-internals',
      'test-internals',
      'test-internals',
      'reference-import',
      'reference-import',
    ]);
  });

  it('flags a module name it cannot read', () => {
    expect(rules("const name = ['child', 'process'].join('_');\nawait import(name);")).toEqual([
      [2, 'dynamic-import'],
    ]);
  });

  it('flags process internals, /proc and raw descriptor writes', () => {
    const text = [
      "process.binding('fs');",
      "process.kill(process.pid, 'SIGKILL');",
      "readFileSync('/proc/self/mem');",
      "fs.writeSync(3, 'forged');",
      'process.stdout._handle.writeUtf8String;',
      'new Socket({ fd: 3, readable: false });',
      "openSync('/dev/fd/3', 'w');",
    ].join('\n');
    expect(rules(text)).toEqual([
      [1, 'process-internals'],
      [2, 'process-internals'],
      [3, 'proc-fs'],
      [4, 'raw-fd-write'],
      [5, 'raw-fd-write'],
      [6, 'raw-fd-write'],
      [7, 'raw-fd-write'],
    ]);
  });

  it('flags patches of global prototypes, clocks and globals, however they are written', () => {
    const text = [
      'Array.prototype.push = function () { return 0; };',
      'performance.now = () => 0;',
      "Object.defineProperty(Date, 'now', { value: () => 0 });",
      'process.hrtime.bigint = () => 0n;',
      'globalThis.expect = undefined;',
      "import { performance as perf } from 'node:perf_hooks';",
      'perf.now = () => 1;',
    ].join('\n');
    expect(rules(text)).toEqual([
      [1, 'global-patch'],
      [2, 'clock-patch'],
      [3, 'clock-patch'],
      [4, 'clock-patch'],
      [5, 'global-patch'],
      [7, 'clock-patch'],
    ]);
  });

  it('flags a patch of what a Node module exports, under any local name', () => {
    const text = [
      "import * as fs from 'node:fs';",
      "import { EventEmitter as E } from 'node:events';",
      "import { chai } from 'vitest';",
      'fs.readFileSync = () => "";',
      'E.prototype.emit = () => true;',
      '(chai.Assertion.prototype as unknown as { assert: () => void }).assert = () => {};',
    ].join('\n');
    expect(rules(text)).toEqual([
      [3, 'test-internals'],
      [4, 'global-patch'],
      [5, 'global-patch'],
      [6, 'global-patch'],
    ]);
  });

  it('flags eval, the Function constructor and code in strings', () => {
    const text = [
      "eval('1 + 1');",
      "const f = new Function('return this');",
      "const g = (() => {}).constructor('return process');",
      "setTimeout('doSomething()', 10);",
      'const e = eval;',
    ].join('\n');
    expect(rules(text).map(([, rule]) => rule)).toEqual(['eval', 'eval', 'eval', 'eval', 'eval']);
  });

  it('raises nothing for words in comments and ordinary strings', () => {
    const text = [
      '// We do not use child_process, eval or new Function here; /proc is off limits.',
      '/* performance.now = () => 0 would be cheating */',
      "const help = 'call process.binding or eval() to cheat; read /proc/self/mem';",
      "const note = `import('node:vm') is not allowed`;",
      'export const tips = ["Array.prototype.push = nope"];',
    ].join('\n');
    expect(rules(text)).toEqual([]);
  });

  it('raises nothing for the code of an honest server: own classes, prototypes and timers', () => {
    const text = [
      "import { once } from 'node:events';",
      "import { WebSocketServer } from 'ws';",
      'class Queue { items: number[] = []; }',
      'Queue.prototype.toString = function () { return "q"; };',
      'const Date = { now: () => 0 };',
      'Date.now = () => 1;',
      'const timer = setInterval(() => {}, 1000);',
      'const started = performance.now();',
      'process.on("exit", () => clearInterval(timer));',
      'export const fd = { fd: "3" };',
      'const frame = Buffer.alloc(2); frame.writeUInt8(1, 0);',
    ].join('\n');
    expect(rules(text)).toEqual([]);
  });
});
