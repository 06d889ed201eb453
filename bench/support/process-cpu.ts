// CPU time of the processes a bench started (servers, Redis) next to its own, so a figure says
// which process was busy: on a small machine a load client that cannot keep up measures itself.
import { readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) a process has used so far; NaN where /proc is not readable. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return Number.NaN;
  }
}

/** This process's CPU milliseconds so far. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
