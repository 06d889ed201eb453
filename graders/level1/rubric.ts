import type { Rubric } from '../../src/grading/types.js';

/** Level 1 (broadcast): what the graders check and what the interviewer judges. */
export const rubric: Rubric = {
  level: 'level1',
  hintCost: 2,
  criteria: [
    {
      id: 'R1',
      title:
        'Starts on the given port (0 included) on loopback by default, reports the bound port, ' +
        'rejects a busy port and counts clients',
      points: 5,
      kind: 'auto',
    },
    {
      id: 'R2',
      title: 'Relays each message once to every other client and never back to the sender',
      points: 15,
      kind: 'auto',
    },
    {
      id: 'R3',
      title:
        'Keeps frames intact: text stays text, binary stays binary, empty to 1 MiB, exact bytes, ' +
        'maxPayload honoured',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R4',
      title: 'Forgets a client that leaves, cleanly or not, with no growth over many connections',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R5',
      title:
        'One client failing or closing during a broadcast costs the others nothing, the next ' +
        'client included',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R6',
      title: "Malformed frames cannot crash the process: an 'error' listener on every socket",
      points: 5,
      kind: 'auto',
    },
    {
      id: 'R7',
      title: "Keeps each sender's messages in order, a large one never overtaken by a small one",
      points: 5,
      kind: 'auto',
    },
    {
      id: 'R8',
      title:
        'stop() closes every client within 2 s, resolves after their sockets have closed, and ' +
        'leaves no listening socket, timer or listener',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R9',
      title:
        'The work per delivered message does not grow with the number of clients (50 versus 500 ' +
        'receivers)',
      points: 5,
      kind: 'performance',
      allOrNothing: true,
    },
    {
      id: 'R10',
      title: 'With heartbeatMs set, drops a client that answers no pings and keeps one that does',
      points: 5,
      kind: 'auto',
    },
    {
      id: 'R11',
      title: 'Explains the event loop versus threads for I/O-bound work',
      points: 5,
      kind: 'manual',
      lookFor:
        'One thread runs callbacks to completion; the OS multiplexes sockets (epoll/kqueue via libuv), ' +
        'so thousands of idle connections cost memory, not threads; blocking the loop stalls everyone.',
    },
    {
      id: 'R12',
      title: 'Justifies the connection registry: why a Set, and what it holds',
      points: 5,
      kind: 'manual',
      lookFor:
        'O(1) add and delete by identity, no duplicates, insertion order; safe to delete during ' +
        'for...of (unlike splicing an array mid-forEach); holds sockets, not user data.',
    },
    {
      id: 'R13',
      title:
        'Cleanup discipline: one place removes a client, errors are handled, stop() undoes start()',
      points: 5,
      kind: 'manual',
      lookFor:
        "Removes on 'close' (fires for clean and abrupt exits alike, the Node form of `finally`); " +
        "adds an 'error' listener per socket; stop() clears timers, closes clients, awaits close.",
    },
    {
      id: 'R14',
      title: 'Uses async/await and events correctly, and communicates while coding',
      points: 5,
      kind: 'manual',
      lookFor:
        "start() awaits 'listening' (a bind error is graded by R1); no floating promises; no busy " +
        'waiting; narrates the plan and tests as they go.',
    },
  ],
};
