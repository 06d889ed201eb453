import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';

/** A file or folder made visible inside the jail, read-only, at `dest`. */
export interface Bind {
  src: string;
  dest: string;
}

/** The dynamic loader a binary names in its ELF header, e.g. `/lib64/ld-linux-x86-64.so.2`. */
function elfInterpreter(binary: string): string | null {
  const fd = openSync(binary, 'r');
  try {
    const head = Buffer.alloc(8192);
    const read = readSync(fd, head, 0, head.length, 0);
    // PT_INTERP's string sits in the first page of every ELF executable: a NUL-ended absolute path.
    const match = /\/[\w./-]*ld[\w.-]*\.so[\w.]*(?=\0)/.exec(
      head.subarray(0, read).toString('latin1'),
    );
    return match ? match[0] : null;
  } finally {
    closeSync(fd);
  }
}

// The runtime does not change while the kit runs: find its files once.
let cached: Bind[] | undefined;

/**
 * What the jail needs to start Node: its binary, the folders of the shared libraries this very
 * process has mapped (so no `ldd`), and the loader at the path the binary asks for.
 */
export function nodeRuntimeBinds(): Bind[] {
  if (cached) return cached;
  const binds = new Map<string, Bind>();
  const add = (dest: string) => {
    if (!existsSync(dest)) return;
    binds.set(dest, { src: realpathSync(dest), dest });
  };
  add(process.execPath);
  add(realpathSync(process.execPath));
  const maps = readFileSync('/proc/self/maps', 'utf8');
  for (const line of maps.split('\n')) {
    const path = line.slice(line.indexOf('/'));
    if (line.includes('/') && /\.so(\.[\d.]+)?$/.test(path) && !path.includes('/node_modules/')) {
      add(path);
    }
  }
  // Native addons in node_modules (rolldown, esbuild) load system libraries Node itself does not
  // (librt): the folders of Node's libraries go in whole, read-only. They hold no secrets.
  for (const dir of new Set([...binds.keys()].filter((p) => p !== process.execPath).map(dirname))) {
    binds.set(dir, { src: realpathSync(dir), dest: dir });
  }
  for (const path of [...binds.keys()]) {
    if (binds.has(dirname(path)) && path !== dirname(path)) binds.delete(path);
  }
  const interpreter = elfInterpreter(realpathSync(process.execPath));
  if (interpreter) add(interpreter);
  cached = [...binds.values()];
  return cached;
}
