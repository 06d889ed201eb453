import { availableParallelism } from 'node:os';

/** What one sandboxed run may use; each limit is reported by name when a run reaches it. */
export interface RunLimits {
  /** Wall time of the whole run; the jail is killed when it passes. */
  wallMs: number;
  /** Memory of every process in the run together (cgroup), or each process's data (rlimit). */
  memoryBytes: number;
  /** Processes and threads of the run together. */
  processes: number;
  /** Largest file one process may write. */
  fileBytes: number;
  /** Size of the run's private /tmp. */
  tmpBytes: number;
  /** Output kept from the run's stdout and stderr together; the rest is dropped and marked. */
  outputBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Defaults sized for vitest running a level's graders: its worker threads, esbuild and the
 * candidate's servers fit with room to spare; a fork bomb or a 4 GiB array does not.
 */
export function defaultLimits(wallMs: number): RunLimits {
  return {
    wallMs,
    memoryBytes: 1 * GiB,
    // Threads count as processes: vitest's workers and Node's own threads take 30-60 of them,
    // every Node a test starts 4 or more.
    processes: Math.max(256, 128 + 8 * availableParallelism()),
    fileBytes: 64 * MiB,
    tmpBytes: 256 * MiB,
    outputBytes: 1 * MiB,
  };
}

/** `1 GiB`, `256 MiB`: how a limit is named in a report. */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/** The limits a run can reach, by name. */
export type LimitName = 'memory' | 'processes' | 'file-size' | 'output';

/** The one-line message a report shows when a run reached a limit. */
export function limitMessage(name: LimitName, limits: RunLimits): string {
  switch (name) {
    case 'memory':
      return `Memory limit of ${formatBytes(limits.memoryBytes)} reached: the run was stopped or an allocation failed.`;
    case 'processes':
      return `Process limit of ${limits.processes} reached: the code started too many processes or threads.`;
    case 'file-size':
      return `File size limit of ${formatBytes(limits.fileBytes)} reached (or /tmp of ${formatBytes(limits.tmpBytes)} is full).`;
    case 'output':
      return `Output limit of ${formatBytes(limits.outputBytes)} reached: the rest of the output was dropped.`;
  }
}
