import { promisify } from 'node:util';

/** Timers created through the global functions while tracking was on. */
export interface TimerTracker {
  /** One line for each timer that is still due to fire: never fired and never cleared. */
  pending(): string[];
  /** Puts the global timer functions back. */
  restore(): void;
}

type Handle = ReturnType<typeof setTimeout>;

/**
 * Wraps the global setTimeout and setInterval so a test can tell, without waiting, whether code
 * left a timer behind: a timeout is done once it fired or was cleared, an interval once cleared.
 * Unlike `process.getActiveResourcesInfo()`, this also sees unref'd timers, and it ignores the
 * test runner's own timers (vitest keeps private copies of the originals).
 */
export function trackTimers(): TimerTracker {
  const real = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  const live = new Map<Handle, string>();
  const forget = (handle: unknown): void => {
    if (handle === undefined || handle === null) return;
    for (const known of live.keys()) {
      if (known === handle || Number(known) === Number(handle)) live.delete(known);
    }
  };

  const setTimeoutTracked = (
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle: Handle = real.setTimeout(
      (...callArgs: unknown[]) => {
        live.delete(handle);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    live.set(handle, `setTimeout(${ms ?? 0} ms)`);
    return handle;
  };
  const setIntervalTracked = (
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    const handle: Handle = real.setInterval(callback, ms, ...args);
    live.set(handle, `setInterval(${ms ?? 0} ms)`);
    return handle;
  };
  const clearTracked = (handle?: unknown): void => {
    forget(handle);
    real.clearTimeout(handle as Handle);
  };

  Object.assign(setTimeoutTracked, { [promisify.custom]: promisify(real.setTimeout) });
  globalThis.setTimeout = setTimeoutTracked as unknown as typeof setTimeout;
  globalThis.setInterval = setIntervalTracked as unknown as typeof setInterval;
  globalThis.clearTimeout = clearTracked as typeof clearTimeout;
  globalThis.clearInterval = clearTracked as typeof clearInterval;

  return {
    pending: () => [...live.values()],
    restore: () => {
      Object.assign(globalThis, real);
    },
  };
}
