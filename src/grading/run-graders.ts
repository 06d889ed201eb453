import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { graderFileName } from '../levels/load-level.js';
import { compiledPath, kitRoot } from '../paths.js';
import type { SandboxKind } from '../sandbox/detect-sandbox.js';
import { defaultLimits, type LimitName, limitMessage } from '../sandbox/limits.js';
import { spawnSandboxed } from '../sandbox/spawn-sandboxed.js';
import {
  type Canary,
  type ChildConfig,
  type ChildMessage,
  decodeEnvelope,
  type RawTest,
} from './child-protocol.js';
import { makeCanaries } from './make-canaries.js';
import { type ScannedTest, scanTestFile } from './scan-tests.js';
import type { RunProblem, TamperFinding, TamperKind } from './types.js';

/** The results of one grader file, keyed by its absolute path. */
export interface ModuleResult {
  file: string;
  loadErrors: string[];
  tests: RawTest[];
}

/** Everything one grading child reported before it ended or was stopped. */
export interface GraderRun {
  /** Results of each file, canaries removed. */
  modules: Map<string, ModuleResult>;
  problems: RunProblem[];
  /** False when the child was stopped at the time limit or died before reporting the end. */
  finished: boolean;
  /** Signs of forgery; the files they name are not to be trusted. */
  tamper: TamperFinding[];
  /** The jail the run used; `none` when this host has none. */
  sandbox: SandboxKind;
}

/** What to run and against what. */
export interface RunGradersOptions {
  files: string[];
  implDir: string;
  /** Hard limit for the whole run; the child is killed when it passes. */
  timeoutMs: number;
  /** Limit for one test; an awaited promise that never settles fails its test after this. */
  testTimeoutMs?: number;
  /** The tests each file declares, when the caller has scanned them already. */
  declared?: ReadonlyMap<string, ScannedTest[]>;
  /** Called once the child is started: the parent's own work can go on while it boots. */
  onStarted?: () => void;
  /** Stops the run when aborted (the room's Cancel); what finished before is still reported. */
  signal?: AbortSignal;
  /** Each chunk the run prints (up to the sandbox's output cap), for a live console. */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Must resolve for the run to count: when it rejects the child is stopped and its error thrown. */
  selfCheck?: Promise<void>;
}

/** How the grading child ended, as the code that spawned it saw it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The kit stopped it (time limit, a sandbox limit): an end by signal is not the child's doing. */
  stoppedByKit: boolean;
}

/** Reads a grading child's results channel and checks each claim against what the run expects. */
export interface RunMonitor {
  /** The config to give the child (on its stdin). */
  config: ChildConfig;
  /** Bytes read from the child's results channel (fd 3). */
  feed(chunk: Buffer): void;
  /** The child ended: returns what it reported and what the kit found wrong with it. */
  exited(exit: ChildExit): GraderRun;
}

/** One planned run: its files with the tests they declare, and this run's secret and canaries. */
export interface RunPlan {
  files: string[];
  declared: Map<string, ScannedTest[]>;
  canaries: Map<string, Canary[]>;
  token: string;
}

// Signals a crash raises on its own (V8 out of memory aborts, a native fault). Any other signal
// the kit did not send came from graded code killing the process it runs in.
function signalOfExitCode(code: number | null): NodeJS.Signals | null {
  if (code === null || code <= 128) return null;
  const found = Object.entries(constants.signals).find(([, n]) => n === code - 128);
  return found ? (found[0] as NodeJS.Signals) : null;
}

const CRASH_SIGNALS = new Set(['SIGABRT', 'SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE']);
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * The declared title a reported one matches when the source builds it from a template literal
 * (`${SMALL} clients`): each `${…}` stands for any text. Returns the reported title when none does.
 */
function titleOf(reported: string, declared: ScannedTest[]): string {
  for (const { title } of declared) {
    if (!title.includes('${')) continue;
    const parts = title.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (new RegExp(`^${parts.join('.+?')}$`, 's').test(reported)) return title;
  }
  return reported;
}

/**
 * Reads what each grader file declares (unless the caller has read it already) and draws this
 * run's token and canaries.
 */
export async function planRun(
  files: string[],
  known?: ReadonlyMap<string, ScannedTest[]>,
): Promise<RunPlan> {
  const declared = new Map<string, ScannedTest[]>();
  const canaries = new Map<string, Canary[]>();
  for (const file of files) {
    const tests = known?.get(file) ?? (await scanTestFile(file));
    declared.set(file, tests);
    canaries.set(file, makeCanaries(tests));
  }
  return { files, declared, canaries, token: randomBytes(32).toString('hex') };
}

/** The child's config for a plan. */
export function childConfig(plan: RunPlan, options: RunGradersOptions): ChildConfig {
  return {
    root: kitRoot,
    files: plan.files,
    implDir: options.implDir,
    setupFiles: [join(kitRoot, 'graders', 'support', 'trusted-clock.ts')],
    testTimeoutMs: options.testTimeoutMs ?? Math.min(10_000, options.timeoutMs),
    cacheDir: join(tmpdir(), 'interview-kit-vite'),
    token: plan.token,
    canaries: Object.fromEntries(plan.canaries),
  };
}

/**
 * Watches one grading child. Every line must carry the run's token in sequence; every file must
 * report exactly the tests its source declares plus its canaries, each canary failed; a child that
 * reported the end must exit cleanly. Anything else is a tamper finding naming what was seen.
 */
export function createRunMonitor(plan: RunPlan, config: ChildConfig): RunMonitor {
  const run: GraderRun = {
    modules: new Map(),
    problems: [],
    finished: false,
    tamper: [],
    sandbox: 'none',
  };
  const rel = graderFileName;
  const every = () => plan.files.map(rel);
  const found = (kind: TamperKind, files: string[], message: string) => {
    run.tamper.push({ kind, files, message });
  };
  let buffered = '';
  let seq = 0;
  let broken = false;

  function onMessage(message: ChildMessage): void {
    if (run.finished) {
      found(
        'forged-message',
        every(),
        `The grading process sent a ${message.type} message after its end.`,
      );
      return;
    }
    if (message.type === 'end') {
      run.finished = true;
      for (const error of message.unhandledErrors) {
        run.problems.push({ kind: 'unhandled-error', message: error });
      }
    } else if (message.type === 'fatal') {
      run.problems.push({
        kind: 'crash',
        message: `The grading engine failed: ${message.message}`,
      });
    } else {
      checkModule(message);
    }
  }

  function checkModule(message: Extract<ChildMessage, { type: 'module' }>): void {
    const declared = plan.declared.get(message.file);
    if (!declared) {
      found(
        'unknown-file',
        every(),
        `Results came for "${message.file}", which this run never ran.`,
      );
      return;
    }
    const file = rel(message.file);
    if (run.modules.has(message.file)) {
      found('duplicate-file', [file], `${file} reported its results twice.`);
      return;
    }
    const canaries = new Map((plan.canaries.get(message.file) ?? []).map((c) => [c.name, c]));
    const owed = new Map<string, number>();
    for (const t of declared) owed.set(t.title, (owed.get(t.title) ?? 0) + 1);
    const tests: RawTest[] = [];
    for (const test of message.tests) {
      const canary = canaries.get(test.name);
      if (canary) {
        canaries.delete(test.name);
        if (test.state !== 'failed') {
          found(
            'canary-passed',
            [file],
            `${file}: the check "${test.name}", which the kit added to fail through ${canary.check === 'throw' ? 'a thrown error' : `\`${canary.check}\``}, was reported ${test.state}.`,
          );
        }
        continue;
      }
      const title = owed.has(test.name) ? test.name : titleOf(test.name, declared);
      const left = owed.get(title) ?? 0;
      if (left === 0) {
        found(
          'unknown-test',
          [file],
          `${file} reported a test it does not declare: "${test.name}".`,
        );
        continue;
      }
      owed.set(title, left - 1);
      // Scored under the title its source declares, which is how collectOutcomes finds it.
      tests.push(title === test.name ? test : { ...test, name: title });
    }
    // A file that failed to load reports none of its tests; that costs the candidate, it forges nothing.
    if (message.loadErrors.length === 0) {
      const missing = [...owed].filter(([, n]) => n > 0).map(([title]) => title);
      if (missing.length > 0) {
        found(
          'missing-test',
          [file],
          `${file} did not report ${missing.map((t) => `"${t}"`).join(', ')}.`,
        );
      }
      if (canaries.size > 0) {
        found(
          'canary-missing',
          [file],
          `${file} did not report ${canaries.size} of the checks the kit added to it.`,
        );
      }
    }
    run.modules.set(message.file, { ...message, tests });
  }

  function onLine(line: string): void {
    if (broken || line.trim() === '') return;
    const decoded = decodeEnvelope(line, config.token, seq);
    if ('error' in decoded) {
      // After one bad line nothing later can be placed in sequence: stop reading.
      broken = true;
      const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
      found('forged-message', every(), `The results channel carried ${decoded.error}: ${shown}`);
      return;
    }
    seq++;
    onMessage(decoded.message);
  }

  return {
    config,
    feed(chunk) {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
      if (buffered.length > MAX_LINE_CHARS) {
        onLine(buffered);
        buffered = '';
      }
    },
    exited({ code, signal: reported, stoppedByKit }) {
      // A jail's init reports its child's death by signal as exit code 128 + the signal's number.
      const signal = reported ?? signalOfExitCode(code);
      if (buffered.trim() !== '') onLine(buffered);
      buffered = '';
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      const clean = code === 0 && signal === null;
      if (run.finished && !clean && !stoppedByKit) {
        found(
          'died-after-end',
          every(),
          `The grading process reported its end, then ended with ${how}.`,
        );
      } else if (signal && !stoppedByKit && !CRASH_SIGNALS.has(signal) && run.modules.size > 0) {
        found(
          'killed-from-inside',
          [...run.modules.keys()].map(rel),
          `The grading process was killed by ${signal}, which the kit did not send, after reporting ${run.modules.size} file(s).`,
        );
      }
      return run;
    },
  };
}

/**
 * How long the results pipe may stay open after the child exited. In the jail every holder of the
 * pipe dies with the child (a pid namespace), so this only bounds the read of what is already
 * buffered, which a loaded machine can delay past a second; without the jail a detached grandchild
 * may hold the pipe open for ever, hence a bound at all.
 */
const DRAIN_MS = 10_000;

// What a limit looks like from inside the run, where the kernel keeps no count the parent can
// read: a write past the file size or a full /tmp, an allocation past RLIMIT_DATA, a refused fork.
const LIMIT_SIGNS: [LimitName, RegExp][] = [
  ['file-size', /\bE(FBIG|NOSPC)\b/],
  ['memory', /Array buffer allocation failed|heap out of memory|\bENOMEM\b/],
  ['processes', /spawn EAGAIN|\bfork\b.*EAGAIN|Resource temporarily unavailable.*thread/],
];

/** The limits the run's own error messages show it reached. */
function limitsInErrors(run: GraderRun, stderrTail: string): LimitName[] {
  const texts = [...run.modules.values()].flatMap((m) => [
    ...m.loadErrors,
    ...m.tests.flatMap((t) => t.errors),
  ]);
  texts.push(...run.problems.map((p) => p.message), stderrTail);
  return LIMIT_SIGNS.filter(([, sign]) => texts.some((text) => sign.test(text))).map(([n]) => n);
}

/**
 * The kit files a grading run reads: its engine, packages and the graders it runs, with the
 * `support/` folder beside each graders folder (the kit's `graders/support`, or a pack's).
 */
function kitPathsFor(files: string[]): string[] {
  const dirs = new Set(files.map(dirname));
  for (const dir of [...dirs]) {
    const support = join(dirname(dir), 'support');
    if (existsSync(support)) dirs.add(support);
  }
  dirs.add(join(kitRoot, 'graders', 'support'));
  return [join(kitRoot, 'tsconfig.json'), join(kitRoot, 'node_modules'), ...dirs];
}

/**
 * Runs grader files in a jailed child process that the parent can kill, so a candidate's infinite
 * loop, crash, `process.exit()` or hostile code ends in a report rather than a hung, dead or
 * robbed kit. The implementation is a private copy; the reference is whatever the jail can see.
 */
export async function runGraders(options: RunGradersOptions): Promise<GraderRun> {
  const limits = defaultLimits(options.timeoutMs);
  const plan = await planRun(options.files, options.declared);
  let monitor: RunMonitor | undefined;
  const handle = await spawnSandboxed({
    script: compiledPath('src/grading/grader-child.ts'),
    config: (at, jailed) => {
      const config: ChildConfig = {
        ...childConfig(plan, options),
        implDir: at(basename(options.implDir)),
        // The jail's own /tmp: nothing of a run's cache is shared with the next.
        ...(jailed ? { cacheDir: '/tmp/interview-kit-vite' } : {}),
      };
      monitor = createRunMonitor(plan, config);
      return config;
    },
    // Named as the folder it copies, so messages still say `src/server.ts:3:7` or `good/toy.ts`.
    mounts: [{ name: basename(options.implDir), host: options.implDir, copy: true }],
    kitPaths: kitPathsFor(options.files),
    cwd: kitRoot,
    limits,
    configVia: 'stdin',
    resultsPipe: true,
    output: 'capture',
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
  });
  options.onStarted?.();
  if (options.signal?.aborted) handle.stop();
  else options.signal?.addEventListener('abort', () => handle.stop(), { once: true });
  const watcher = monitor as RunMonitor | undefined;
  if (!watcher) throw new Error('spawnSandboxed did not build the child config');
  const results = handle.child.stdio[3] as NodeJS.ReadableStream | null;
  const drained = new Promise<void>((resolve) => {
    if (!results) return resolve();
    results.on('data', (chunk: Buffer) => watcher.feed(chunk));
    results.on('end', resolve);
    results.on('error', () => resolve());
    results.on('close', resolve);
  });

  if (options.selfCheck) {
    try {
      await options.selfCheck;
    } catch (error) {
      handle.stop();
      await handle.done;
      throw error;
    }
  }
  const end = await handle.done;
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([drained, new Promise((r) => (drainTimer = setTimeout(r, DRAIN_MS)))]);
  clearTimeout(drainTimer);
  const stoppedByKit = end.timedOut || end.stopped || end.reached.some((n) => n !== 'output');
  const run = watcher.exited({ code: end.code, signal: end.signal, stoppedByKit });
  run.sandbox = handle.sandbox;
  if (handle.sandbox === 'bwrap') {
    for (const name of limitsInErrors(run, end.stderrTail)) {
      if (!end.reached.includes(name)) end.reached.push(name);
    }
  }
  for (const name of end.reached) {
    run.problems.push({ kind: 'limit', message: limitMessage(name, limits) });
  }
  if (end.timedOut) {
    const seconds = Math.round(options.timeoutMs / 1000);
    run.problems.push({
      kind: 'timeout',
      message: `Grading stopped after ${seconds} s: a test file never finished (an infinite loop, or a promise that never settles?).`,
    });
  } else if (!run.finished && !stoppedByKit) {
    const how = end.signal ? `signal ${end.signal}` : `exit code ${end.code}`;
    const tail = end.stderrTail.trim() ? `\n${end.stderrTail.trim()}` : '';
    run.problems.push({
      kind: 'crash',
      message: `The grading process ended early (${how}): did the code call process.exit()?${tail}`,
    });
  }
  return run;
}
