import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { bwrapArgs } from './bwrap-args.js';
import { nodeRuntimeBinds } from './node-runtime.js';

const run = promisify(execFile);

/** Whether runs of candidate code are jailed here, and with what. */
export type SandboxInfo =
  | { kind: 'bwrap'; bwrap: string; version: string; disableUserns: boolean }
  | { kind: 'none'; reason: string };

/** The sandbox a run used, as a GradeReport records it. */
export type SandboxKind = SandboxInfo['kind'];

/** Finds an executable on the PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}

async function probe(): Promise<SandboxInfo> {
  const forced = process.env.KIT_SANDBOX;
  if (forced === 'none') return { kind: 'none', reason: 'KIT_SANDBOX=none turned the jail off' };
  if (process.platform !== 'linux') {
    return { kind: 'none', reason: `bubblewrap needs Linux (this is ${process.platform})` };
  }
  const bwrap = findOnPath('bwrap');
  if (!bwrap) return { kind: 'none', reason: 'bubblewrap (bwrap) is not installed' };
  try {
    const [{ stdout }, { stdout: help }] = await Promise.all([
      run(bwrap, ['--version']),
      run(bwrap, ['--help']),
    ]);
    const disableUserns = help.includes('--disable-userns');
    // The same jail as a real run, with Node inside: fails where user namespaces are not allowed.
    // `node --version` loads the binary and its libraries through the jail's binds, then answers
    // before V8 starts: the proof costs a few ms instead of a Node start (about 60 ms).
    const args = bwrapArgs({
      binds: nodeRuntimeBinds(),
      tmpBytes: 1024 * 1024,
      cwd: '/tmp',
      env: {},
      command: [process.execPath, '--version'],
      disableUserns,
    });
    const { stdout: answer } = await run(bwrap, args, { timeout: 10_000 });
    if (answer.trim() !== process.version) {
      throw new Error(`unexpected output ${JSON.stringify(answer)}`);
    }
    return {
      kind: 'bwrap',
      bwrap,
      version: stdout.trim().replace(/^bubblewrap /, ''),
      disableUserns,
    };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const why = stderr || (error as Error).message;
    return { kind: 'none', reason: `bubblewrap cannot make a jail here: ${why.split('\n')[0]}` };
  }
}

let detected: Promise<SandboxInfo> | undefined;

/**
 * Whether this host can jail runs: bwrap on the PATH and a probe jail that starts Node. Asked once
 * per process. `KIT_SANDBOX=none` forces the unjailed path (for tests and for hosts where the
 * probe passes but runs fail).
 */
export function detectSandbox(): Promise<SandboxInfo> {
  if (process.env.KIT_SANDBOX === 'none') return probe();
  detected ??= probe();
  return detected;
}
