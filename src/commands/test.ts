import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAttempt } from '../attempt/attempt-file.js';
import { linkKitPackages } from '../attempt/scaffold.js';
import { compiledPath } from '../paths.js';

/** Options of `kit test`. */
export interface TestOptions {
  dir: string;
  watch?: boolean;
  /** Hard limit for one run (not in watch mode). */
  timeoutMs?: number;
}

/** How a `kit test` run ended. */
export interface TestResult {
  passed: boolean;
  timedOut: boolean;
  exitCode: number;
}

/**
 * `kit test [dir]`: runs the attempt's visible tests against its src/, printing vitest's own
 * report. Runs in a child process with a time limit, so an infinite loop ends with a message.
 */
export async function testAttempt(options: TestOptions): Promise<TestResult> {
  const dir = resolve(options.dir);
  await readAttempt(dir);
  await linkKitPackages(dir);
  const watch = options.watch ?? false;
  const child = fork(
    compiledPath('src/grading/test-child.ts'),
    [JSON.stringify({ root: dir, watch, cacheDir: join(tmpdir(), 'interview-kit-vite') })],
    { cwd: dir, stdio: 'inherit', execArgv: [] },
  );
  return new Promise((done) => {
    let timedOut = false;
    const timer = watch
      ? null
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs ?? 60_000);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      const exitCode = code ?? 1;
      done({ passed: !timedOut && exitCode === 0, timedOut, exitCode });
    });
  });
}
