import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The kit's per-user folder: `$XDG_CONFIG_HOME/interview-kit`, else `~/.config/interview-kit`.
 * It holds the key that signs attempt records and the interviewer's copy of each record: things
 * a candidate's folder must not be the only home of. Read at each call, so tests can point it away.
 */
export function kitConfigDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'interview-kit');
}

/** Creates the config folder (owner only) if needed and returns it. */
export async function ensureKitConfigDir(): Promise<string> {
  const dir = kitConfigDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
