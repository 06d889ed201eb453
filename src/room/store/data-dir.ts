import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where sessions live unless `--data` says otherwise: `$KIT_DATA_DIR`, then the per-user data
 * directory (`$XDG_DATA_HOME`, `~/.local/share`, `%LOCALAPPDATA%`) + `interview-kit`. Per user, not
 * per working directory, so every `kit` command finds the same sessions and recordings never land in
 * a repository by accident.
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.KIT_DATA_DIR) return resolve(env.KIT_DATA_DIR);
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return join(env.LOCALAPPDATA, 'interview-kit');
  }
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'interview-kit');
}
