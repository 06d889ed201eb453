import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { nodeRangeAccepts } from '../attempt/node-range.js';
import { kitNodeRange } from '../paths.js';
import { detectSandbox, findOnPath } from '../sandbox/detect-sandbox.js';
import type { DoctorCheck, DoctorResult } from '../sandbox/doctor-result.js';
import { defaultLimits } from '../sandbox/limits.js';
import { createRunCgroup } from '../sandbox/run-cgroup.js';

const run = promisify(execFile);

/** Whether a Node version is in a range, e.g. the kit's `engines.node`. */
export function nodeCheck(range: string, version = process.version): DoctorCheck {
  const ok = nodeRangeAccepts(range, version);
  return {
    name: 'Node',
    ok,
    detail: ok ? version : `${version}, not in ${range}`,
    ...(ok ? {} : { fix: `Install a Node version in ${range} (vitest and vite run on no other).` }),
  };
}

async function versionOf(command: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run(command, args, { timeout: 5_000 });
    return stdout.trim().split('\n')[0] ?? '';
  } catch {
    return null;
  }
}

async function limitsCheck(jailed: boolean): Promise<DoctorCheck> {
  const cgroup = jailed ? await createRunCgroup(defaultLimits(1_000)) : null;
  await cgroup?.remove();
  const prlimit = findOnPath('prlimit');
  if (cgroup) {
    return {
      name: 'Run limits',
      ok: true,
      detail: `memory and processes by ${cgroup.kind}; file size by ${prlimit ? 'prlimit' : 'nothing (no prlimit)'}`,
    };
  }
  return {
    name: 'Run limits',
    ok: jailed && prlimit !== null,
    detail: jailed
      ? `no cgroup this user may create; ${prlimit ? 'processes and file size by prlimit, memory unbounded' : 'no prlimit either'}`
      : 'none without a jail',
    ...(jailed
      ? {
          fix: 'Run the kit as root, or on cgroup v2 with a delegated group, for memory limits; install util-linux for prlimit.',
        }
      : {}),
  };
}

/**
 * `kit doctor`: the Node version, whether runs of candidate code are jailed here and with which
 * limits, and what the kit's own tests need (Redis, Chromium). Checks; changes nothing.
 */
export async function runDoctor(): Promise<DoctorResult> {
  const sandbox = await detectSandbox();
  const bwrap = findOnPath('bwrap');
  const jailed = sandbox.kind === 'bwrap';
  const checks: DoctorCheck[] = [
    nodeCheck(kitNodeRange),
    {
      name: 'bubblewrap',
      ok: bwrap !== null,
      detail: bwrap ? ((await versionOf(bwrap, ['--version'])) ?? bwrap) : 'not found on PATH',
      ...(bwrap ? {} : { fix: 'apt-get install bubblewrap (or dnf install bubblewrap).' }),
    },
    {
      name: 'Sandbox',
      ok: jailed,
      detail: jailed ? 'candidate code runs in a bubblewrap jail' : `none: ${sandbox.reason}`,
      ...(jailed
        ? {}
        : {
            fix:
              process.env.KIT_SANDBOX === 'none'
                ? 'Unset KIT_SANDBOX.'
                : 'Install bubblewrap and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04).',
          }),
    },
    await limitsCheck(jailed),
  ];
  const redis = findOnPath('redis-server');
  checks.push({
    name: 'redis-server',
    ok: redis !== null,
    optional: true,
    detail: redis
      ? ((await versionOf(redis, ['--version'])) ?? redis)
      : 'not found (level3 Redis graders are skipped without REDIS_URL)',
    ...(redis ? {} : { fix: 'apt-get install redis-server, for the level3 Redis suite.' }),
  });
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  checks.push({
    name: 'Chromium',
    ok: chromium !== undefined,
    optional: true,
    detail: chromium ?? 'not found (the browser tests of the kit need it)',
    ...(chromium ? {} : { fix: 'apt-get install chromium, for the kit’s browser tests.' }),
  });
  return { checks, sandbox, ok: checks.every((c) => c.ok || c.optional) };
}
