/** How long a grader waits for something that should happen at once, before failing. */
export const WAIT_MS = 5_000;

/** What a wait is for; a function is read when the wait fails, to show the state at that time. */
export type Describe = string | (() => string);

/**
 * Resolves with `promise`, or rejects naming `what` if it takes longer than `ms`. The timer only
 * bounds a wait that is otherwise driven by events; nothing here waits for time to pass.
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

/** Wakes whoever waits for a condition each time something changes. */
export class Signal {
  private waiters = new Set<() => void>();

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves once `check()` holds, checking now and after every notify. */
  until(check: () => boolean, what: Describe, ms = WAIT_MS): Promise<void> {
    if (check()) return Promise.resolve();
    let wake = (): void => {};
    const done = new Promise<void>((resolve) => {
      wake = () => {
        if (check()) resolve();
      };
      this.waiters.add(wake);
    });
    return within(done, what, ms).finally(() => this.waiters.delete(wake));
  }
}

/** Lets every queued microtask and already-due immediate run; not a delay. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
