// Captured once, so a grader that watches the global timer functions never sees the graders' own.
const { setTimeout, clearTimeout } = globalThis;

/** How long a grader waits for something that should happen at once, before it fails. */
export const WAIT_MS = 5_000;

/** What a wait is for; a function is read when the wait fails, to show the state at that time. */
export type Describe = string | (() => string);

/**
 * Settles like `promise`, or rejects after `ms` with `Timed out after <ms> ms waiting for <what>`.
 * The timer only bounds a wait that events drive, and it is always cleared: nothing here waits for
 * time to pass, and a passing wait leaves nothing behind.
 */
export function within<T>(promise: Promise<T>, what: Describe, ms = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const text = typeof what === 'string' ? what : what();
      reject(new Error(`Timed out after ${ms} ms waiting for ${text}`));
    }, ms);
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
