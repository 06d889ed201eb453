import type { Bind } from './node-runtime.js';

/** Everything one jail is made of. */
export interface JailSpec {
  /** Files and folders the run may read; nothing else of the host is visible. */
  binds: Bind[];
  /** Size of the private, writable /tmp. */
  tmpBytes: number;
  /** The working directory inside the jail. */
  cwd: string;
  /** The whole environment of the run; nothing of the parent's leaks in. */
  env: Record<string, string>;
  /** The command to run inside, argv[0] an absolute path visible in the jail. */
  command: string[];
  /** Turn off user namespaces inside the jail (bwrap 0.8 and later). */
  disableUserns: boolean;
}

/**
 * The bwrap argument list for a jail: every namespace unshared (no network at all, its own pid 1
 * whose death ends every process the run started), no capabilities, a new session (no terminal
 * injection), its own /proc, a minimal read-only /dev, a size-bounded /tmp, read-only binds and a
 * read-only root.
 */
export function bwrapArgs(spec: JailSpec): string[] {
  const args = [
    '--unshare-all',
    // --unshare-all only tries a user namespace; ask for one, so root runs as jailed as anyone.
    '--unshare-user',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...(spec.disableUserns ? ['--disable-userns'] : []),
    '--hostname',
    'kit-jail',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(spec.tmpBytes),
    '--tmpfs',
    '/tmp',
  ];
  // Parents before children, so a bind never lands inside a folder mounted after it.
  // By code unit, not localeCompare: the same order for paths, without loading a collator (15 ms).
  const binds = [...spec.binds].sort((a, b) => (a.dest < b.dest ? -1 : a.dest > b.dest ? 1 : 0));
  for (const bind of binds) args.push('--ro-bind', bind.src, bind.dest);
  // The root and /dev are tmpfs mounts bwrap makes (the folders of binds live there) with no size
  // limit: read-only once set up, so /tmp is the one place a run writes, within its size.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  args.push('--clearenv');
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push('--chdir', spec.cwd, '--', ...spec.command);
  return args;
}
