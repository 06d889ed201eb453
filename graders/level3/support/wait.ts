import { type Describe, WAIT_MS, within } from '../../support/within.js';

export { type Describe, WAIT_MS, within };

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
