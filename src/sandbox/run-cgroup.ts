import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LimitName, RunLimits } from './limits.js';

/** A control group holding every process of one run: its memory and process limits. */
export interface RunCgroup {
  /** Which cgroup flavour enforces the limits. */
  kind: 'cgroup2' | 'cgroup1';
  /** `cgroup.procs` files the run's first process writes itself into before it starts the jail. */
  procsFiles: string[];
  /** The limits the run reached, read from the kernel's own counters. */
  reached(): Promise<LimitName[]>;
  /** Kills whatever is left in the group and removes it. */
  remove(): Promise<void>;
}

const V1_ROOT = '/sys/fs/cgroup';

/** This process's own cgroup path in a hierarchy (`0::/x` for v2, `4:memory:/x` for v1). */
function ownPath(controller: string | null): string | null {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  for (const line of lines) {
    const [, controllers, path] = line.split(':');
    if (
      controller === null ? line.startsWith('0::') : controllers?.split(',').includes(controller)
    ) {
      return path ?? null;
    }
  }
  return null;
}

async function counter(file: string, key: string): Promise<number> {
  try {
    const text = await readFile(file, 'utf8');
    const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function killAll(procsFile: string): Promise<void> {
  const pids = (await readFile(procsFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function removeDir(dir: string): Promise<void> {
  // The kernel frees a group a moment after its last process is reaped.
  for (let i = 0; i < 50; i++) {
    try {
      await rmdir(dir);
      return;
    } catch {
      await killAll(join(dir, 'cgroup.procs'));
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function createV2(limits: RunLimits): Promise<RunCgroup | null> {
  if (!existsSync(join(V1_ROOT, 'cgroup.controllers'))) return null;
  // A group with processes cannot hand controllers to children, so the run's group hangs off the
  // root (where only root may write).
  const dir = join(V1_ROOT, `kit-run-${randomUUID().slice(0, 8)}`);
  await mkdir(dir);
  try {
    await writeFile(join(dir, 'memory.max'), String(limits.memoryBytes));
    await writeFile(join(dir, 'memory.swap.max'), '0').catch(() => {});
    await writeFile(join(dir, 'pids.max'), String(limits.processes));
  } catch (error) {
    await rmdir(dir).catch(() => {});
    throw error;
  }
  return {
    kind: 'cgroup2',
    procsFiles: [join(dir, 'cgroup.procs')],
    async reached() {
      const out: LimitName[] = [];
      if ((await counter(join(dir, 'memory.events'), 'oom_kill')) > 0) out.push('memory');
      if ((await counter(join(dir, 'pids.events'), 'max')) > 0) out.push('processes');
      return out;
    },
    async remove() {
      await writeFile(join(dir, 'cgroup.kill'), '1').catch(() => {});
      await removeDir(dir);
    },
  };
}

async function createV1(limits: RunLimits): Promise<RunCgroup | null> {
  const memoryRoot = join(V1_ROOT, 'memory');
  const pidsRoot = join(V1_ROOT, 'pids');
  if (
    !existsSync(join(memoryRoot, 'cgroup.procs')) ||
    !existsSync(join(pidsRoot, 'cgroup.procs'))
  ) {
    return null;
  }
  // Under this process's own groups, so limits set on the kit (a container's) still apply.
  const name = `kit-run-${randomUUID().slice(0, 8)}`;
  const memory = join(memoryRoot, ownPath('memory') ?? '/', name);
  const pids = join(pidsRoot, ownPath('pids') ?? '/', name);
  await mkdir(memory);
  try {
    await mkdir(pids);
  } catch (error) {
    await rmdir(memory).catch(() => {});
    throw error;
  }
  try {
    await writeFile(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    if (existsSync(join(memory, 'memory.memsw.limit_in_bytes'))) {
      await writeFile(join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
    }
    await writeFile(join(pids, 'pids.max'), String(limits.processes));
  } catch (error) {
    await Promise.all([rmdir(memory), rmdir(pids)].map((p) => p.catch(() => {})));
    throw error;
  }
  return {
    kind: 'cgroup1',
    procsFiles: [join(memory, 'cgroup.procs'), join(pids, 'cgroup.procs')],
    async reached() {
      const out: LimitName[] = [];
      if ((await counter(join(memory, 'memory.oom_control'), 'oom_kill')) > 0) out.push('memory');
      if ((await counter(join(pids, 'pids.events'), 'max')) > 0) out.push('processes');
      return out;
    },
    async remove() {
      await killAll(join(pids, 'cgroup.procs'));
      await Promise.all([removeDir(memory), removeDir(pids)]);
    },
  };
}

/**
 * A fresh control group with the run's memory and process limits, where this process may make
 * one (root, cgroup v2 or v1); null elsewhere, and the run falls back to rlimits.
 */
export async function createRunCgroup(limits: RunLimits): Promise<RunCgroup | null> {
  if (process.platform !== 'linux') return null;
  try {
    return (await createV2(limits)) ?? (await createV1(limits));
  } catch {
    return null;
  }
}
