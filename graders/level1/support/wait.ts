import type { EventEmitter } from 'node:events';

// Captured once, so a test that watches the global timer functions never sees the graders' own.
const { setTimeout, clearTimeout } = globalThis;

/** How long a grader waits for any one thing before it gives up and says what it waited for. */
export const WAIT_MS = 5_000;

/**
 * Settles like `promise`, or rejects after `ms` with `Timed out after <ms> ms waiting for <what>`.
 * The timer is always cleared, so a passing wait leaves nothing behind.
 */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

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
