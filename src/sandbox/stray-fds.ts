import { readdirSync, readFileSync } from 'node:fs';

const O_CLOEXEC = 0o2000000;

/**
 * This process's file descriptors from `from` up that a child would inherit: those without
 * close-on-exec. Node opens its own with it, so these came from whatever started the kit (a
 * shell's `exec 9>>file`, a supervisor's pipe), and a jailed run must not get them.
 */
export function strayFds(from: number): number[] {
  if (process.platform !== 'linux') return [];
  const stray: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return [];
  }
  for (const entry of entries) {
    const fd = Number(entry);
    if (!Number.isInteger(fd) || fd < from) continue;
    try {
      const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (flags?.[1] && (Number.parseInt(flags[1], 8) & O_CLOEXEC) === 0) stray.push(fd);
    } catch {
      // Closed since the listing (the listing's own descriptor among them).
    }
  }
  return stray.sort((a, b) => a - b);
}
