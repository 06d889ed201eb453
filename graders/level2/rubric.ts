import type { Rubric } from '../../src/grading/types.js';

/** Level 2 (fanout): what the graders check and what the interviewer judges. */
export const rubric: Rubric = {
  level: 'level2',
  hintCost: 2,
  criteria: [
    {
      id: 'R1',
      title:
        'Non-blocking broadcast: broadcast only queues; each tick advances the clock and serves every pending member',
      points: 15,
      kind: 'auto',
    },
    {
      id: 'R2',
      title: 'Per-user bounded buffers, a buffer of one included, and a RangeError for bad sizes',
      points: 15,
      kind: 'auto',
    },
    {
      id: 'R3',
      title:
        'Drop-oldest policy, and counters that add up: enqueued = delivered + dropped + failed + queued',
      points: 15,
      kind: 'auto',
    },
    {
      id: 'R4',
      title:
        'Pluggable transport: busy messages retried in place; a throw is counted as failed and ends only its own turn',
      points: 15,
      kind: 'auto',
    },
    {
      id: 'R5',
      title: 'Per-user ordering: delivered seqs strictly increase',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R6',
      title:
        'Membership changes mid-stream: leavers get nothing more, and what was queued for them counts as dropped',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R7',
      title:
        'O(1) enqueue into full buffers: the cost does not grow from 1,000- to 50,000-message buffers',
      points: 10,
      kind: 'performance',
      allOrNothing: true,
    },
    {
      id: 'R8',
      title:
        'Explains the backpressure trade-off: drop-oldest vs disconnecting or blocking a slow client',
      points: 5,
      kind: 'manual',
      lookFor:
        'Names what each choice costs: dropping loses history but keeps the user online and the server bounded; disconnecting protects fast users and forces a resync; blocking lets one client stall a room. Knows when chat would prefer each.',
    },
    {
      id: 'R9',
      title: 'Design communication: clarifies requirements, states the plan, tests as they go',
      points: 5,
      kind: 'manual',
      lookFor:
        'Asks about buffer size, drop policy and what "slow" means before coding; sketches buffers plus a tick-driven worker; runs `kit test` early and often; says what is left undone.',
    },
  ],
};
