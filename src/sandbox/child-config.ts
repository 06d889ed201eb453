import { readFileSync } from 'node:fs';

/** The environment variable naming the file a sandboxed child reads its configuration from. */
export const CHILD_CONFIG_ENV = 'KIT_CHILD_CONFIG';

/**
 * Reads the configuration the parent wrote for this child. It travels in a file, never in argv,
 * where any process on the host could read it with `ps`.
 */
export function readChildConfig<T>(): T {
  const file = process.env[CHILD_CONFIG_ENV];
  if (!file) throw new Error(`${CHILD_CONFIG_ENV} is not set: this script is started by the kit.`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
