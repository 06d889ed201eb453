import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledPath, kitRoot } from '../paths.js';
import type { ChildConfig, ChildMessage, RawTest } from './child-protocol.js';
import type { RunProblem } from './types.js';

/** The results of one grader file, keyed by its absolute path. */
export interface ModuleResult {
  file: string;
  loadErrors: string[];
  tests: RawTest[];
}

/** Everything one grading child reported before it ended or was stopped. */
export interface GraderRun {
  modules: Map<string, ModuleResult>;
  problems: RunProblem[];
  /** False when the child was stopped at the time limit or died before reporting the end. */
  finished: boolean;
}

/** What to run and against what. */
export interface RunGradersOptions {
  files: string[];
  implDir: string;
  referenceDir: string;
  /** Hard limit for the whole run; the child is killed when it passes. */
  timeoutMs: number;
  /** Limit for one test; an awaited promise that never settles fails its test after this. */
  testTimeoutMs?: number;
}

const STDERR_TAIL_CHARS = 4_000;

/**
 * Runs grader files in a child process that the parent can kill, so a candidate's infinite loop,
 * crash or `process.exit()` ends in a report rather than a hung or dead kit.
 */
export function runGraders(options: RunGradersOptions): Promise<GraderRun> {
  const config: ChildConfig = {
    root: kitRoot,
    files: options.files,
    implDir: options.implDir,
    referenceDir: options.referenceDir,
    testTimeoutMs: options.testTimeoutMs ?? Math.min(10_000, options.timeoutMs),
    cacheDir: join(tmpdir(), 'interview-kit-vite'),
  };
  const child = fork(compiledPath('src/grading/grader-child.ts'), [JSON.stringify(config)], {
    cwd: kitRoot,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
  });
  const run: GraderRun = { modules: new Map(), problems: [], finished: false };
  let stderr = '';
  // Candidate code may print without end; keep a short tail for diagnosis and drop the rest.
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
  });

  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);

    child.on('message', (message: ChildMessage) => {
      if (message.type === 'module') {
        run.modules.set(message.file, message);
      } else if (message.type === 'end') {
        run.finished = true;
        for (const error of message.unhandledErrors) {
          run.problems.push({ kind: 'unhandled-error', message: error });
        }
      } else {
        run.problems.push({
          kind: 'crash',
          message: `The grading engine failed: ${message.message}`,
        });
      }
    });

    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        const seconds = Math.round(options.timeoutMs / 1000);
        run.problems.push({
          kind: 'timeout',
          message: `Grading stopped after ${seconds} s: a test file never finished (an infinite loop, or a promise that never settles?).`,
        });
      } else if (!run.finished) {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const tail = stderr.trim() ? `\n${stderr.trim()}` : '';
        run.problems.push({
          kind: 'crash',
          message: `The grading process ended early (${how}): did the code call process.exit()?${tail}`,
        });
      }
      resolve(run);
    });
  });
}
