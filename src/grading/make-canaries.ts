import { randomInt } from 'node:crypto';
import type { Canary } from './child-protocol.js';
import type { ScannedTest } from './scan-tests.js';

// Words for canary titles. A canary reads like any grader test, so code that rewrites results
// cannot tell it from a real one by its title.
const VERBS = ['keeps', 'delivers', 'drops', 'counts', 'reports', 'accepts', 'rejects', 'orders'];
const THINGS = [
  'messages',
  'members',
  'frames',
  'buffers',
  'metrics',
  'subscribers',
  'clients',
  'rooms',
];
const WHEN = [
  'after a reconnect',
  'under a burst',
  'when the queue is full',
  'across two ticks',
  'for a late joiner',
  'while another leaves',
  'in send order',
  'with an empty room',
];
const CHECKS: Canary['check'][] = ['expect', 'assert', 'throw'];

const pick = <T>(list: readonly T[]): T => list[randomInt(list.length)] as T;

/**
 * Makes this run's canaries for one grader file: one per kind of failure, before and after the
 * file's own tests, under random titles that name one of the file's criteria and clash with none
 * of its tests.
 */
export function makeCanaries(declared: ScannedTest[]): Canary[] {
  const taken = new Set(declared.map((t) => t.title));
  const criteria = [...new Set(declared.map((t) => t.criterion))];
  const canaries: Canary[] = [];
  for (const at of ['head', 'tail'] as const) {
    for (const check of CHECKS) {
      let name: string;
      do {
        const criterion = criteria.length > 0 ? pick(criteria) : 'R1';
        name = `[${criterion}] ${pick(VERBS)} ${randomInt(2, 100)} ${pick(THINGS)} ${pick(WHEN)}`;
      } while (taken.has(name));
      taken.add(name);
      canaries.push({ name, check, at });
    }
  }
  return canaries;
}
