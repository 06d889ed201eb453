import type { ExpectedFile } from './collect-outcomes.js';
import type { Rubric } from './types.js';

/**
 * The order a run starts its files in, the longest first, so that the last file to start is a
 * short one and both cores stay busy to the end: timed (performance) graders, then the hidden
 * graders, then the visible tests (a few short tests each). Ties keep their order.
 */
export function longestFirst(files: ExpectedFile[], rubric: Rubric): string[] {
  const timed = new Set(rubric.criteria.filter((c) => c.kind === 'performance').map((c) => c.id));
  const weight = (f: ExpectedFile) =>
    f.tests.some((t) => timed.has(t.criterion)) ? 0 : f.visibility === 'hidden' ? 1 : 2;
  return [...files].sort((a, b) => weight(a) - weight(b)).map((f) => f.path);
}
