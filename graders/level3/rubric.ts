import type { Rubric } from '../../src/grading/types.js';

/** Level 3, pubsub: chat across several servers bridged by a broker. */
export const rubric: Rubric = {
  level: 'level3',
  hintCost: 1,
  criteria: [
    {
      id: 'R1',
      title: 'MockRedisPubSub delivers asynchronously to every subscriber, the publisher included',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R2',
      title:
        'A room message reaches every other member of the room on every server, never the sender',
      points: 3,
      kind: 'auto',
    },
    {
      id: 'R3',
      title: 'Each message is published once and never republished from the receive path',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R4',
      title: "The sender's server drops its own copy from the broker (filter by origin)",
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R5',
      title: 'Subscribes to a room on its first local member and unsubscribes after its last',
      points: 3,
      kind: 'auto',
    },
    {
      id: 'R6',
      title: 'A disconnect leaves every room and unsubscribes the rooms it emptied',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R7',
      title: 'Repeated and unmatched joins and leaves keep the membership and subscriptions right',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R8',
      title:
        'joinRoom settles on the broker answer: resolves once the subscribe is acknowledged, rejects if refused',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R9',
      title: 'Joins and leaves racing on one room settle on the final membership, in any ack order',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R10',
      title: 'A refused subscribe leaves the user out of the room, and a later join can succeed',
      points: 1,
      kind: 'auto',
    },
    {
      id: 'R11',
      title: 'Messages arrive in send order and only in the room they were sent to',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R12',
      title: 'The same DistributedServer runs on real Redis and recovers a dropped subscriber',
      points: 2,
      kind: 'auto',
    },
    {
      id: 'R13',
      title: 'Explains why a broker rather than a full mesh of servers',
      points: 2,
      kind: 'manual',
      lookFor:
        'N servers in a mesh need N(N-1)/2 links and each must know every peer; a broker ' +
        'needs N links, decouples membership changes, and is the one place to scale ' +
        '(Redis, NATS, Kafka). ' +
        'Names the cost: an extra hop and a component that can fail.',
    },
    {
      id: 'R14',
      title: 'Chooses subscription granularity and explains its trade-offs',
      points: 2,
      kind: 'manual',
      lookFor:
        'One channel per room, subscribed only while the server has a local member, so a server ' +
        'hears only rooms it serves; compares with one global channel (every server filters ' +
        'everything) and with a channel per user; mentions subscribe churn and pattern subscribes.',
    },
  ],
};
