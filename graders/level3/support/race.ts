import type { BrokerConnection } from './test-broker.js';
import { settle, within } from './wait.js';

/** An operation a race starts without awaiting it, such as a join or a leave. */
export interface RaceOperation {
  name: string;
  start: () => Promise<unknown>;
}

/** One step of a schedule: start operation `op` (its index), or let the broker answer a call. */
export type Step = { op: number } | { ack: 'oldest' | 'newest' };

/** One interleaving of a race: its steps, then how the calls still held are answered. */
export interface Schedule {
  steps: Step[];
  drain: 'oldest' | 'newest';
}

/**
 * Every way to interleave `count` operations, started in order, with acknowledgements: after each
 * start the broker answers nothing, the oldest held call or the newest one, and at the end it
 * answers what is held oldest first or newest first. Newest first is how a broker that answers out
 * of order undoes a server that assumes its calls take effect in the order it made them.
 */
export function schedules(count: number): Schedule[] {
  let partial: Step[][] = [[]];
  for (let op = 0; op < count; op += 1) {
    partial = partial.flatMap((steps) => [
      [...steps, { op }],
      [...steps, { op }, { ack: 'oldest' as const }],
      [...steps, { op }, { ack: 'newest' as const }],
    ]);
  }
  return partial.flatMap((steps) => [
    { steps, drain: 'oldest' as const },
    { steps, drain: 'newest' as const },
  ]);
}

/** A schedule as text for a failure message, e.g. `join, ack newest, leave, drain oldest`. */
export function describeSchedule(operations: RaceOperation[], schedule: Schedule): string {
  const parts = schedule.steps.map((step) =>
    'op' in step ? (operations[step.op]?.name ?? '?') : `ack ${step.ack}`,
  );
  return [...parts, `drain ${schedule.drain}`].join(', ');
}

/**
 * Runs a schedule on a connection that holds every acknowledgement (`holdAll`), then answers what
 * is left until every operation settled and nothing is held. `settle()` after each step lets the
 * server make the calls an operation or an acknowledgement leads to; nothing waits for time.
 * Resolves with how each operation settled.
 */
export async function runSchedule(
  bus: BrokerConnection,
  operations: RaceOperation[],
  schedule: Schedule,
): Promise<PromiseSettledResult<unknown>[]> {
  bus.holdAll();
  const started: Promise<unknown>[] = [];
  for (const step of schedule.steps) {
    if ('op' in step) {
      const operation = operations[step.op];
      if (!operation) throw new Error(`Grader bug: no operation ${step.op}`);
      // A synchronous throw counts as a rejection, like an async method's.
      started.push(Promise.resolve().then(operation.start));
    } else {
      bus.releaseHeld(step.ack);
    }
    await settle();
  }
  let done = false;
  const outcome = Promise.allSettled(started).then((results) => {
    done = true;
    return results;
  });
  // Bounded: a server that keeps making calls forever fails below rather than hanging the run.
  for (let round = 0; round < 1_000; round += 1) {
    await settle();
    if (bus.releaseHeld(schedule.drain)) continue;
    if (done) break;
  }
  bus.stopHolding();
  return within(
    outcome,
    () => `every operation to settle (${describeSchedule(operations, schedule)})`,
  );
}
