/** A logical clock: time moves only when someone calls `advance()`, never on its own. */
export class TickClock {
  #now = 0;

  /** The current tick; 0 before the first `advance()`. */
  get now(): number {
    return this.#now;
  }

  /** Moves the clock forward and returns the new tick. */
  advance(ticks = 1): number {
    if (!Number.isInteger(ticks) || ticks < 0) {
      throw new RangeError(`ticks must be a non-negative integer, got ${String(ticks)}`);
    }
    this.#now += ticks;
    return this.#now;
  }
}

/** Anything driven by ticks, such as a ChatServer. */
export interface Tickable {
  tick(): void;
}

/** Calls `target.tick()` `count` times. */
export function runTicks(target: Tickable, count: number): void {
  for (let i = 0; i < count; i++) target.tick();
}

/**
 * Ticks `target` until `done()` holds and returns how many ticks that took. Throws after `limit`
 * ticks, so a test waiting on something that never happens fails instead of spinning forever.
 */
export function tickUntil(target: Tickable, done: () => boolean, limit: number): number {
  for (let ticks = 0; ticks <= limit; ticks++) {
    if (done()) return ticks;
    if (ticks < limit) target.tick();
  }
  throw new Error(`Condition still false after ${limit} ticks`);
}
