import type { EventEmitter } from 'node:events';

import { WAIT_MS, within } from '../../support/within.js';

export { WAIT_MS, within };

// Captured once, so a test that watches the global timer functions never sees the graders' own.
const { setTimeout, clearTimeout } = globalThis;

/**
 * Resolves when `check()` holds, testing it now and again after every `event` on `emitter`;
 * rejects after `ms` with what was awaited and `describe()` of the last state seen.
 */
export function until(
  emitter: EventEmitter,
  event: string,
  check: () => boolean,
  what: string,
  describe: () => string = () => '',
  ms = WAIT_MS,
): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onEvent = (): void => {
      let done: boolean;
      try {
        done = check();
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      if (done) {
        finish();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      finish();
      const state = describe();
      reject(
        new Error(`Timed out after ${ms} ms waiting for ${what}${state ? ` (${state})` : ''}`),
      );
    }, ms);
    const finish = (): void => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
    };
    emitter.on(event, onEvent);
  });
}
