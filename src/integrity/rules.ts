import type { IntegrityRule } from './integrity-flag.js';

// What has no business in a level's code, and why. A level is a chat server: it needs sockets,
// events and timers, never processes, threads, sandboxes, the test runner or the solution.

/** Node modules that start code outside the graded module or look into the running process. */
const FORBIDDEN_MODULES: Record<string, string> = {
  worker_threads: 'threads, which run code the graders do not see',
  child_process: 'processes, which run code the graders do not see',
  cluster: 'processes, which run code the graders do not see',
  vm: 'a second JavaScript realm',
  inspector: "the debugger, which reads and rewrites the grading process's memory",
  'inspector/promises': "the debugger, which reads and rewrites the grading process's memory",
  module: "Node's module loader (createRequire, Module._load)",
  v8: 'V8 internals',
  wasi: 'a WebAssembly system interface',
  trace_events: 'tracing of the grading process',
};

const TEST_INTERNALS = /^(vitest|vite|vite-node|chai|tinyspy|@vitest)(\/|$)/;

/** The flag an import of `specifier` raises, if any. */
export function classifySpecifier(
  specifier: string,
): { rule: IntegrityRule; message: string } | null {
  const bare = specifier.replace(/^node:/, '');
  const why = FORBIDDEN_MODULES[bare];
  if (why !== undefined)
    return { rule: 'forbidden-module', message: `imports ${specifier}: ${why}` };
  if (TEST_INTERNALS.test(specifier)) {
    return {
      rule: 'test-internals',
      message: `imports ${specifier}: the test runner and its assertions belong to the graders`,
    };
  }
  if (specifier.startsWith('#reference') || /(^|\/)solutions\//.test(specifier)) {
    return { rule: 'reference-import', message: `imports ${specifier}: the reference solution` };
  }
  if (/(^|\/)graders\//.test(specifier)) {
    return { rule: 'test-internals', message: `imports ${specifier}: the kit's graders` };
  }
  return null;
}

/** `process` members that reach below Node's public API or end the grading process. */
export const PROCESS_INTERNALS = new Set([
  'process.binding',
  'process._linkedBinding',
  'process.dlopen',
  'process.reallyExit',
  'process.abort',
  'process.kill',
  'process.send',
  'process.channel',
  'process._getActiveHandles',
  'process.stdout.fd',
  'process.stderr.fd',
]);

/** Globals whose members every module shares: assigning to them patches the whole realm. */
export const GLOBAL_NAMES = new Set([
  'globalThis',
  'global',
  'self',
  'window',
  'performance',
  'Date',
  'process',
  'console',
  'Math',
  'JSON',
  'Reflect',
  'Proxy',
  'Object',
  'Function',
  'Array',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'BigInt',
  'Promise',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Error',
  'TypeError',
  'RangeError',
  'AssertionError',
  'RegExp',
  'Buffer',
  'Uint8Array',
  'ArrayBuffer',
  'EventTarget',
  'EventEmitter',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'structuredClone',
  'require',
  'module',
]);
