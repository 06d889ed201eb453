import { lstat, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAttempt } from '../attempt/attempt-file.js';
import { attemptPackagesDir } from '../attempt/attempt-packages.js';
import { resolveAttemptDir } from '../attempt/find-attempt.js';
import { linkKitPackages } from '../attempt/scaffold.js';
import type { TestChildConfig } from '../grading/child-protocol.js';
import { compiledPath, kitRoot } from '../paths.js';
import type { SandboxKind } from '../sandbox/detect-sandbox.js';
import { defaultLimits, limitMessage } from '../sandbox/limits.js';
import { type SandboxMount, spawnSandboxed } from '../sandbox/spawn-sandboxed.js';

/** Options of `kit test`. */
export interface TestOptions {
  /** The attempt folder; none: the attempt at or above `cwd`. */
  dir?: string;
  cwd?: string;
  watch?: boolean;
  /** Hard limit for one run (not in watch mode). */
  timeoutMs?: number;
}

/** How a `kit test` run ended. */
export interface TestResult {
  passed: boolean;
  timedOut: boolean;
  exitCode: number;
  /** The jail the tests ran in; `none` when this host has none. */
  sandbox: SandboxKind;
  /** Limits the run reached, one message each ("Memory limit of 1 GiB reached: ..."). */
  limits: string[];
}

/**
 * `kit test [dir]`: runs the attempt's visible tests against its src/, printing vitest's own
 * report. Runs in the sandbox with a time limit, so an infinite loop ends with a message. The
 * jail sees the attempt's src/ and test/ live (watch mode re-runs on save), never its .kit/.
 */
export async function testAttempt(options: TestOptions): Promise<TestResult> {
  const dir = resolveAttemptDir(options.dir, options.cwd);
  const attempt = await readAttempt(dir);
  // A portable attempt has its own packages (or none yet): the jail gets the kit's either way.
  if (!attempt.portable) await linkKitPackages(dir);
  const watch = options.watch ?? false;
  const limits = defaultLimits(watch ? 0 : (options.timeoutMs ?? 60_000));
  // The packages the attempt's node_modules link names (vitest, ws, types), not all of the kit's.
  // The attempt is the candidate's: a link elsewhere (`node_modules -> ~`) would be bound as is.
  const kitPackages = join(kitRoot, 'node_modules');
  const linked = await realpath(join(dir, 'node_modules')).catch(() => kitPackages);
  const allowed = await Promise.all(
    [attemptPackagesDir(), kitPackages].map((p) => realpath(p).catch(() => p)),
  );
  const packages = allowed.includes(linked) ? linked : kitPackages;
  const mounts: SandboxMount[] = [
    { name: 'node_modules', host: packages, copy: false, link: true },
  ];
  for (const name of ['src', 'test', 'package.json', 'tsconfig.json']) {
    // bwrap follows a link it binds: `src -> ~/.ssh` stays out (links inside resolve in the jail).
    const entry = await lstat(join(dir, name)).catch(() => null);
    if (entry && !entry.isSymbolicLink()) mounts.push({ name, host: join(dir, name), copy: false });
  }
  const handle = await spawnSandboxed({
    script: compiledPath('src/grading/test-child.ts'),
    config: (at, jailed): TestChildConfig => ({
      root: at(''),
      watch,
      cacheDir: jailed ? '/tmp/interview-kit-vite' : join(tmpdir(), 'interview-kit-vite'),
    }),
    mounts,
    attemptDir: dir,
    kitPaths: [join(kitRoot, 'node_modules')],
    cwd: dir,
    limits,
    configVia: 'file',
    resultsPipe: false,
    output: 'forward',
  });
  // Ctrl-C reaches this process only (the jail has its own session): end the run cleanly.
  const onSigint = () => handle.stop();
  process.once('SIGINT', onSigint);
  const end = await handle.done;
  process.off('SIGINT', onSigint);
  const exitCode = end.code ?? 1;
  return {
    passed: !end.timedOut && end.reached.length === 0 && exitCode === 0,
    timedOut: end.timedOut,
    exitCode,
    sandbox: handle.sandbox,
    limits: end.reached.map((name) => limitMessage(name, limits)),
  };
}
