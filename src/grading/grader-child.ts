import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import type { Plugin } from 'vite';
import {
  BaseSequencer,
  createVitest,
  type Reporter,
  type TestCase,
  type TestModule,
  type TestSpecification,
} from 'vitest/node';
import {
  type Canary,
  type ChildConfig,
  type ChildMessage,
  encodeEnvelope,
  type RawTest,
  RESULTS_FD,
} from './child-protocol.js';
import { modulesToWarm, warmModules } from './warm-modules.js';

// The child process of `kit grade`: runs the graders with vitest's Node API and streams each
// finished file to the parent, so a file that never finishes (a candidate's infinite loop) costs
// only its own tests when the parent kills this process. Candidate code runs in vitest's worker
// threads; this main thread alone holds the run's token, so a worker cannot sign a message.

const MAX_ERROR_CHARS = 2_000;

/** The fields of vitest's serialised errors that a report shows. */
interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  diff?: string;
}

/** The first stack frame outside vitest and node internals: where the candidate's code threw. */
function firstFrame(stack: string | undefined): string | null {
  const frames = (stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at '));
  const own = frames.find((l) => !/node_modules|node:internal|\(node:/.test(l));
  return own ? own.trim() : null;
}

function formatError(error: ErrorLike): string {
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  const head = `${name}${error.message ?? String(error)}`;
  const frame = firstFrame(error.stack);
  const located = frame && !head.includes(frame) ? `${head}\n  ${frame}` : head;
  const text = stripVTControlCharacters(error.diff ? `${located}\n${error.diff}` : located);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

function toRawTest(test: TestCase): RawTest {
  const result = test.result();
  const state = result.state === 'passed' || result.state === 'skipped' ? result.state : 'failed';
  const errors =
    result.state === 'failed'
      ? result.errors.map(formatError)
      : result.state === 'pending'
        ? ['The test never ran to completion.']
        : result.state === 'skipped' && result.note
          ? [result.note]
          : [];
  return {
    name: test.name,
    fullName: test.fullName,
    state,
    errors,
    durationMs: Math.round(test.diagnostic()?.duration ?? 0),
  };
}

const VIRTUAL = 'virtual:kit-canaries/';

function canaryTest(canary: Canary, index: number): string {
  const name = JSON.stringify(canary.name);
  // Two values that differ, so only an assertion library that no longer compares lets it pass.
  const [a, b] = [JSON.stringify(`${canary.name}#${index}`), JSON.stringify(`${index}#other`)];
  const check =
    canary.check === 'expect'
      ? `expect(${a}).toBe(${b});`
      : canary.check === 'assert'
        ? `assert.strictEqual(${a}, ${b});`
        : `throw new Error(${JSON.stringify(`expected ${a}`)});`;
  // Its error keeps one stack frame, this line: vitest reads and searches every file a failure's
  // stack names for a source map, and the rest of a canary's stack is vitest's own runner, read
  // again for each of a run's 66 canaries (150 ms of the main thread on level2).
  return `test(${name}, () => { const limit = Error.stackTraceLimit; Error.stackTraceLimit = 1; try { ${check} } finally { Error.stackTraceLimit = limit; } });`;
}

/**
 * Serves this run's canaries as one virtual module per grader file (nothing on disk for graded
 * code to find), imported first by the file: evaluating it adds the head canaries before the
 * file's own tests, and the function it exports, called after the file's last line, adds the tail.
 */
function canaryPlugin(config: ChildConfig): Plugin {
  const index = new Map(config.files.map((file, i) => [file, i]));
  // Named at random per run, so no grader's own binding can clash with it.
  const tail = `__kitCanaryTail${randomBytes(6).toString('hex')}`;
  return {
    name: 'kit-canaries',
    enforce: 'pre',
    resolveId(id) {
      return id.startsWith(VIRTUAL) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${VIRTUAL}`)) return null;
      const canaries =
        config.canaries[config.files[Number(id.slice(VIRTUAL.length + 1))] ?? ''] ?? [];
      const at = (where: Canary['at']) =>
        canaries
          .filter((c) => c.at === where)
          .map(canaryTest)
          .join('\n');
      return `import { assert, expect, test } from 'vitest';\n${at('head')}\nexport default function tail() {\n${at('tail')}\n}\n`;
    },
    transform(code, id) {
      const i = index.get(id);
      if (i === undefined) return null;
      // On line 1 and after the last line, so the grader's own line numbers stay as they are.
      return `import ${tail} from '${VIRTUAL}${i}'; ${code}\n${tail}();\n`;
    },
  };
}

/**
 * Starts the files in the order the parent planned (the longest first), not vitest's: with no
 * durations cached from earlier runs vitest keeps the given order, and a 0.4 s performance grader
 * started last would run alone on one core while the other idles.
 */
function plannedOrder(files: string[]): typeof BaseSequencer {
  const rank = new Map(files.map((file, i) => [file, i]));
  return class PlannedSequencer extends BaseSequencer {
    override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
      const at = (spec: TestSpecification) => rank.get(spec.moduleId) ?? files.length;
      return [...specs].sort((a, b) => at(a) - at(b));
    }
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const config = JSON.parse(await readStdin()) as ChildConfig;
  const channel = new Socket({ fd: RESULTS_FD, readable: false, writable: true });
  // The parent gone, there is no one to report to: stop rather than run on.
  channel.on('error', () => process.exit(1));
  let seq = 0;
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve) => {
      channel.write(encodeEnvelope({ token: config.token, seq: seq++, message }), () => resolve());
    });
  fatal = send;
  const pending: Promise<void>[] = [];
  let warm = (): void => {};
  const reporter: Reporter = {
    // Just before the pool starts the first workers: the transforms run while they boot.
    onTestRunStart() {
      warm();
    },
    onTestModuleEnd(module: TestModule) {
      pending.push(
        send({
          type: 'module',
          file: module.moduleId,
          loadErrors: module.errors().map(formatError),
          tests: [...module.children.allTests()].map(toRawTest),
        }),
      );
    },
  };
  const vitest = await createVitest(
    'test',
    {
      root: config.root,
      config: false,
      watch: false,
      include: config.files,
      reporters: [reporter],
      pool: 'threads',
      // A fresh realm per grader file: a global patched by graded code in one file (a prototype,
      // the clock, the assertion library) cannot reach another file's tests.
      isolate: true,
      // Evaluated in each file's realm before the grader imports any graded module.
      setupFiles: config.setupFiles,
      // vitest keeps a core for itself by default; its main thread idles while graders run.
      maxWorkers: availableParallelism(),
      testTimeout: config.testTimeoutMs,
      hookTimeout: config.testTimeoutMs,
      passWithNoTests: true,
      sequence: { sequencer: plannedOrder(config.files) },
      // The graded code's console goes straight to this process's output, which the parent caps
      // (the room shows it): intercepted, it would be held in a buffer an infinite loop never flushes.
      disableConsoleIntercept: true,
    },
    {
      cacheDir: config.cacheDir,
      logLevel: 'silent',
      plugins: [canaryPlugin(config)],
      resolve: {
        alias: [{ find: /^#attempt\/(.*)$/, replacement: `${config.implDir}/$1` }],
      },
    },
  );
  warm = () => warmModules(vitest, modulesToWarm(config, VIRTUAL));
  const result = await vitest.start(config.files);
  await Promise.all(pending);
  const unhandled = (result?.unhandledErrors ?? []) as ErrorLike[];
  await send({ type: 'end', unhandledErrors: unhandled.map(formatError) });
  await vitest.close();
  await new Promise<void>((resolve) => channel.end(resolve));
}

/** Reports a failure of the engine itself, once the results channel is open. */
let fatal: ((message: ChildMessage) => Promise<void>) | null = null;

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await fatal?.({
      type: 'fatal',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  },
);
