import { availableParallelism } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { createVitest, type Reporter, type TestCase, type TestModule } from 'vitest/node';
import type { ChildConfig, ChildMessage, RawTest } from './child-protocol.js';

// The child process of `kit grade`: runs the graders with vitest's Node API and streams each
// finished file to the parent, so a file that never finishes (a candidate's infinite loop) costs
// only its own tests when the parent kills this process.

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

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
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

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const pending: Promise<void>[] = [];
  const reporter: Reporter = {
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
      // One worker runs several grader files in turn instead of a fresh one per file: it halves
      // `kit grade`. Graders build their own instances in every test, so nothing leaks between them.
      isolate: false,
      // vitest keeps a core for itself by default; its main thread idles while graders run.
      maxWorkers: availableParallelism(),
      testTimeout: config.testTimeoutMs,
      hookTimeout: config.testTimeoutMs,
      passWithNoTests: true,
    },
    {
      cacheDir: config.cacheDir,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^#attempt\/(.*)$/, replacement: `${config.implDir}/$1` },
          { find: /^#reference\/(.*)$/, replacement: `${config.referenceDir}/$1` },
        ],
      },
    },
  );
  const result = await vitest.start(config.files);
  await Promise.all(pending);
  const unhandled = (result?.unhandledErrors ?? []) as ErrorLike[];
  await send({ type: 'end', unhandledErrors: unhandled.map(formatError) });
  await vitest.close();
}

// If the parent goes away, there is no one to report to: stop rather than run on.
process.on('disconnect', () => process.exit(0));

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({
      type: 'fatal',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  },
);
