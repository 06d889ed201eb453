import type { Rubric } from '../../src/grading/types.js';

/** Level 1 (broadcast): what the graders check and what the interviewer judges. */
export const rubric: Rubric = {
  level: 'level1',
  hintCost: 2,
  criteria: [
    {
      id: 'R1',
      title: 'Starts on the given port (0 included), reports the bound port and counts clients',
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
        'Keeps frames intact: text stays text, binary stays binary, empty to 1 MiB, exact bytes',
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
      title: 'One client failing during a broadcast costs the others nothing',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R6',
      title: "Malformed frames cannot crash the process: an 'error' listener on every socket",
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R7',
      title: "Keeps each sender's messages in order",
      points: 5,
      kind: 'auto',
    },
    {
      id: 'R8',
      title:
        'stop() closes every client promptly and leaves no listening socket, timer or listener',
      points: 10,
      kind: 'auto',
    },
    {
      id: 'R9',
      title: 'Fans out small messages to 100 clients within 3x the time of the reference',
      points: 5,
      kind: 'performance',
      allOrNothing: true,
    },
    {
      id: 'R10',
      title: 'Explains the event loop versus threads for I/O-bound work',
      points: 5,
      kind: 'manual',
      lookFor:
        'One thread runs callbacks to completion; the OS multiplexes sockets (epoll/kqueue via libuv), ' +
        'so thousands of idle connections cost memory, not threads; blocking the loop stalls everyone.',
    },
    {
      id: 'R11',
      title: 'Justifies the connection registry: why a Set, and what it holds',
      points: 5,
      kind: 'manual',
      lookFor:
        'O(1) add and delete by identity, no duplicates, insertion order; safe to delete during ' +
        'for...of (unlike splicing an array mid-forEach); holds sockets, not user data.',
    },
    {
      id: 'R12',
      title:
        'Cleanup discipline: one place removes a client, errors are handled, stop() undoes start()',
      points: 5,
      kind: 'manual',
      lookFor:
        "Removes on 'close' (fires for clean and abrupt exits alike, the Node form of `finally`); " +
        "adds an 'error' listener per socket; stop() clears timers, closes clients, awaits close.",
    },
    {
      id: 'R13',
      title: 'Uses async/await and events correctly, and communicates while coding',
      points: 5,
      kind: 'manual',
      lookFor:
        "start() awaits 'listening' and rejects on a bind error; no floating promises; no busy " +
        'waiting; narrates the plan and tests as they go.',
    },
  ],
};
