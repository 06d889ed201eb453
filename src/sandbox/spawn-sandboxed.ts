import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { compiledPath, kitRoot } from '../paths.js';
import { bwrapArgs } from './bwrap-args.js';
import { CHILD_CONFIG_ENV } from './child-config.js';
import { detectSandbox, findOnPath, type SandboxInfo, type SandboxKind } from './detect-sandbox.js';
import type { LimitName, RunLimits } from './limits.js';
import { type Bind, nodeRuntimeBinds } from './node-runtime.js';
import { type RedisProxy, startRedisProxy, withoutCredentials } from './redis-bridge.js';
import { createRunCgroup, type RunCgroup } from './run-cgroup.js';
import { strayFds } from './stray-fds.js';
import { createTerminalFilter } from './terminal-filter.js';
import { countUserTasks } from './user-tasks.js';

/** Where the candidate's files appear inside the jail. */
export const JAIL_ATTEMPT = '/attempt';
const JAIL_RUN = '/run/kit';

/** A folder or file of the candidate's, visible in the run at `at(name)`. */
export interface SandboxMount {
  name: string;
  host: string;
  /** Copy it into the run's private folder (a snapshot) instead of binding it live. */
  copy: boolean;
  /**
   * Make it a link to `host`, bound read-only at its own path: for a package folder whose
   * entries are relative links into the kit's node_modules.
   */
  link?: boolean;
}

/** One run of candidate code. */
export interface SpawnSandboxedOptions {
  /** The kit's compiled script to run with Node. */
  script: string;
  /** Builds the child's configuration from the paths as the child sees them. */
  config: (at: (name: string) => string, jailed: boolean) => unknown;
  /** The candidate's files; inside the jail under /attempt, outside where they are. */
  mounts: SandboxMount[];
  /** The candidate's folder when the run works in it (`kit test`): `at('')`. */
  attemptDir?: string;
  /** Kit files and folders the run reads besides dist/src, bound read-only at their own paths. */
  kitPaths: string[];
  /** The working directory: `at('')` when attemptDir is set, else this kit folder. */
  cwd: string;
  limits: RunLimits;
  /**
   * How the configuration reaches the child: `stdin` (written, then closed; for secrets the
   * child's workers must not read) or `file` (read with readChildConfig; stdin stays the terminal).
   */
  configVia: 'stdin' | 'file';
  /** Open a plain pipe on the child's fd 3 (`child.stdio[3]`) for its results. */
  resultsPipe: boolean;
  /** `capture`: keep a tail for diagnosis; `forward`: copy to this terminal, both up to the cap. */
  output: 'capture' | 'forward';
  /** Capture mode: also hands each chunk kept under the output cap to the caller (the room's console). */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Further allow-listed variables (colours). */
  env?: Record<string, string>;
  /** The Redis the run may reach (level3's real-Redis graders), through the parent only. */
  redisUrl?: string;
}

/** How a sandboxed run ended. */
export interface RunEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped at the wall-time limit. */
  timedOut: boolean;
  /** Stopped by stop(). */
  stopped: boolean;
  /** Limits the run reached, as the kernel or the parent counted them. */
  reached: LimitName[];
  /** The last few thousand characters of stderr (capture mode). */
  stderrTail: string;
}

/** A started run. */
export interface SandboxedRun {
  child: ChildProcess;
  sandbox: SandboxKind;
  /** Resolves once the run and everything it started have ended and its files are gone. */
  done: Promise<RunEnd>;
  /** Ends the run now. */
  stop(): void;
}

const STDERR_TAIL_CHARS = 4_000;

function baseEnv(jailed: boolean, configFile: string | null): Record<string, string> {
  const env: Record<string, string> = {
    PATH: jailed ? '/usr/bin:/bin' : (process.env.PATH ?? '/usr/bin:/bin'),
    HOME: jailed ? '/tmp' : tmpdir(),
    TMPDIR: jailed ? '/tmp' : tmpdir(),
    LANG: 'C.UTF-8',
    ...(configFile ? { [CHILD_CONFIG_ENV]: configFile } : {}),
  };
  // How to print, nothing more: the rest of the parent's environment may hold secrets.
  for (const name of ['TERM', 'NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'CI']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Wraps argv so the run enters its cgroup and gets its rlimits before the jail starts. */
async function limitedCommand(
  argv: string[],
  limits: RunLimits,
  cgroup: RunCgroup | null,
): Promise<string[]> {
  let command = argv;
  if (cgroup) {
    // The shell writes its own pid into each group, then becomes bwrap: nothing escapes the count.
    const enter =
      'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';
    command = ['/bin/sh', '-c', enter, 'sh', ...cgroup.procsFiles, '--', ...command];
  }
  const prlimit = findOnPath('prlimit');
  if (prlimit) {
    const rlimits = [`--fsize=${limits.fileBytes}`];
    // Without a cgroup: RLIMIT_NPROC. The kernel checks it against the jail's own count and
    // against the user's whole count, so the user's running tasks are added to the allowance.
    // For root on the host it counts nothing: root relies on the cgroup.
    const uid = process.getuid?.() ?? 0;
    if (!cgroup && uid !== 0) {
      rlimits.push(`--nproc=${(await countUserTasks(uid)) + limits.processes}`);
    }
    // Without a cgroup, memory is bounded per process by its writable data (RLIMIT_DATA): V8
    // reserves tens of GiB of address space it never touches, so RLIMIT_AS cannot be used.
    if (!cgroup) rlimits.push(`--data=${limits.memoryBytes}`);
    command = [prlimit, ...rlimits, '--', ...command];
  }
  return command;
}

/**
 * The one door through which candidate code runs. Starts `script` under Node in a bubblewrap
 * jail when this host has one (else as a plain child, and the caller says so), with the limits of
 * `limits`, a minimal environment, configuration in a file, and the candidate's files under
 * /attempt. Ending the run (exit, time limit, stop) ends every process it started.
 */
export async function spawnSandboxed(options: SpawnSandboxedOptions): Promise<SandboxedRun> {
  const sandbox = await detectSandbox();
  const scratch = await mkdtemp(join(tmpdir(), 'kit-run-'));
  const held: { redis: RedisProxy | null; cgroup: RunCgroup | null } = {
    redis: null,
    cgroup: null,
  };
  try {
    return await startRun(options, sandbox, scratch, held);
  } catch (error) {
    // Nothing may outlive a run that failed to start: its folder, its proxy, its cgroup.
    await held.redis?.close();
    await held.cgroup?.remove();
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

async function startRun(
  options: SpawnSandboxedOptions,
  sandbox: SandboxInfo,
  scratch: string,
  held: { redis: RedisProxy | null; cgroup: RunCgroup | null },
): Promise<SandboxedRun> {
  const jailed = sandbox.kind === 'bwrap';
  const runDir = join(scratch, 'run');
  await mkdir(runDir);
  const attemptCopy = join(scratch, 'attempt');
  const byName = new Map(options.mounts.map((m) => [m.name, m]));
  const at = (name: string): string => {
    if (jailed) return name ? `${JAIL_ATTEMPT}/${name}` : JAIL_ATTEMPT;
    if (!name) return options.attemptDir ?? attemptCopy;
    return byName.get(name)?.host ?? join(attemptCopy, name);
  };
  const configFile = join(runDir, 'config.json');
  const config = JSON.stringify(options.config(at, jailed));
  if (options.configVia === 'file') await writeFile(configFile, config, { mode: 0o600 });

  const env = {
    ...baseEnv(
      jailed,
      options.configVia !== 'file' ? null : jailed ? `${JAIL_RUN}/config.json` : configFile,
    ),
    ...options.env,
  };
  let redis: RedisProxy | null = null;
  const nodeArgs: string[] = [];
  if (options.redisUrl) {
    if (jailed) {
      redis = await startRedisProxy(join(runDir, 'redis.sock'), options.redisUrl);
      held.redis = redis;
      // The proxy logs in: the password stays out of the run (and of bwrap's argv).
      env.REDIS_URL = withoutCredentials(options.redisUrl);
      env.KIT_REDIS_SOCKET = `${JAIL_RUN}/redis.sock`;
      nodeArgs.push('--import', pathToFileURL(compiledPath('src/sandbox/jail-redis.ts')).href);
    } else {
      env.REDIS_URL = options.redisUrl;
    }
  }

  let cgroup: RunCgroup | null = null;
  let argv: string[];
  if (jailed) {
    const binds: Bind[] = [...nodeRuntimeBinds()];
    // The engine is dist/src alone: dist/solutions holds the compiled reference solutions.
    const engine = [join(kitRoot, 'package.json'), join(kitRoot, 'dist', 'src')];
    for (const path of [...engine, ...options.kitPaths]) {
      binds.push({ src: path, dest: path });
    }
    binds.push({ src: runDir, dest: JAIL_RUN });
    // Of /etc, Node needs nothing; candidate servers may name `localhost`.
    await writeFile(join(runDir, 'hosts'), '127.0.0.1 localhost\n::1 localhost\n');
    binds.push({ src: join(runDir, 'hosts'), dest: '/etc/hosts' });
    await mkdir(attemptCopy);
    for (const mount of options.mounts) {
      const inCopy = join(attemptCopy, mount.name);
      if (mount.copy) {
        await cp(mount.host, inCopy, { recursive: true, dereference: false });
      } else if (mount.link) {
        await symlink(mount.host, inCopy);
        binds.push({ src: mount.host, dest: mount.host });
      } else {
        // A mount point inside the read-only /attempt must exist before the jail starts.
        if ((await stat(mount.host)).isDirectory()) await mkdir(inCopy, { recursive: true });
        else await writeFile(inCopy, '');
        binds.push({ src: mount.host, dest: at(mount.name) });
      }
    }
    binds.push({ src: attemptCopy, dest: JAIL_ATTEMPT });
    cgroup = await createRunCgroup(options.limits);
    held.cgroup = cgroup;
    const jailCwd = options.attemptDir ? JAIL_ATTEMPT : options.cwd;
    argv = await limitedCommand(
      [
        sandbox.bwrap,
        ...bwrapArgs({
          binds,
          tmpBytes: options.limits.tmpBytes,
          cwd: jailCwd,
          env,
          command: [process.execPath, ...nodeArgs, options.script],
          disableUserns: sandbox.disableUserns,
        }),
      ],
      options.limits,
      cgroup,
    );
  } else {
    argv = [process.execPath, ...nodeArgs, options.script];
  }

  const [file, ...args] = argv as [string, ...string[]];
  const stdio: StdioOptions = [
    options.configVia === 'stdin' ? 'pipe' : 'inherit',
    'pipe',
    'pipe',
    ...(options.resultsPipe ? (['pipe'] as const) : []),
  ];
  // Descriptors the kit inherited without close-on-exec would pass through bwrap into the run (and
  // stay open in its pid 1, reopenable from /proc/1/fd): each gets /dev/null in their place.
  const devNull = jailed ? openSync('/dev/null', 'r') : null;
  if (devNull !== null) {
    for (const fd of strayFds(stdio.length)) {
      while (stdio.length < fd) stdio.push('ignore');
      stdio[fd] = devNull;
    }
  }
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      // bwrap's own environment stays readable in the jail (/proc/1/environ), and the shell that
      // enters the cgroup adds PWD: start it in / so not even the host's cwd shows.
      cwd: jailed ? '/' : options.cwd,
      env: jailed ? {} : env,
      stdio,
    });
  } finally {
    if (devNull !== null) closeSync(devNull);
  }
  if (options.configVia === 'stdin') {
    // A child that dies before reading its config makes this write fail: its exit says why.
    child.stdin?.on('error', () => {});
    child.stdin?.end(config);
  }
  let stopped = false;
  const cleanup = async () => {
    await redis?.close();
    await rm(scratch, { recursive: true, force: true });
  };
  return {
    child,
    sandbox: sandbox.kind,
    done: watchRun(child, options, cgroup, () => stopped, cleanup),
    stop: () => {
      stopped = true;
      child.kill('SIGKILL');
    },
  };
}

/**
 * The run's text without terminal control: a report prints it on the interviewer's terminal, where
 * an escape sequence could set the clipboard (OSC 52), retitle the window or clear the screen.
 */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point.
  return stripVTControlCharacters(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Caps and keeps the run's output, enforces its wall time, and collects how it ended. */
function watchRun(
  child: ChildProcess,
  options: SpawnSandboxedOptions,
  cgroup: RunCgroup | null,
  wasStopped: () => boolean,
  cleanup: () => Promise<void>,
): Promise<RunEnd> {
  const { limits } = options;
  const reached = new Set<LimitName>();
  let outputBytes = 0;
  let stderrTail = '';
  const onOutput = (target: NodeJS.WriteStream, isStderr: boolean) => {
    // Forwarded output reaches the interviewer's terminal: colours yes, commands to it (OSC 52) no.
    const filter = createTerminalFilter();
    return (chunk: Buffer) => {
      const room = limits.outputBytes - outputBytes;
      outputBytes += chunk.length;
      if (room > 0) {
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
        if (options.output === 'forward') target.write(filter(kept));
        else {
          options.onOutput?.(kept, isStderr ? 'stderr' : 'stdout');
          if (isStderr) stderrTail = (stderrTail + kept.toString('utf8')).slice(-STDERR_TAIL_CHARS);
        }
      }
      if (outputBytes > limits.outputBytes && !reached.has('output')) {
        reached.add('output');
        if (options.output === 'forward') {
          target.write(`\n[kit] output cut here: the run printed more than its limit.\n`);
        }
      }
    };
  };
  child.stdout?.on('data', onOutput(process.stdout, false));
  child.stderr?.on('data', onOutput(process.stderr, true));

  return new Promise((resolve) => {
    let timedOut = false;
    const timer =
      limits.wallMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, limits.wallMs)
        : null;
    // A command that cannot start (bwrap removed since the probe) emits 'error', maybe no 'exit'.
    child.once('error', (error) => {
      stderrTail += `\n${error.message}`;
      if (child.exitCode === null && child.signalCode === null) child.emit('exit', null, null);
    });
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      void (async () => {
        if (cgroup) {
          for (const name of await cgroup.reached()) reached.add(name);
          await cgroup.remove();
        }
        // Processes left outside a jail (none mode) may hold the pipes open: stop reading them.
        child.stdout?.destroy();
        child.stderr?.destroy();
        await cleanup().catch(() => {});
        resolve({
          code,
          signal,
          timedOut,
          stopped: wasStopped(),
          reached: [...reached],
          stderrTail: printable(stderrTail),
        });
      })();
    });
  });
}
