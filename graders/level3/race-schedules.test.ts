import { describe, expect, it } from 'vitest';
import { Cluster, channel } from './support/cluster.js';
import { describeSchedule, type RaceOperation, runSchedule, schedules } from './support/race.js';

const X = channel('X');

/** One user's operation on server S99, room X. */
type Op = ['join' | 'leave' | 'disconnect', string];

/**
 * Runs `ops` on S99 under every schedule of `schedules()`, each on a cluster of its own: U1 on S1
 * sends, U97 on S99 sits in room W and receives the sentinel, `before` are in X on S99 at the
 * start. After each race every operation must have resolved and S99 must be subscribed to X
 * exactly when X still has a local member; a member must get the next message. Returns the first
 * schedule that broke this, or null.
 */
async function firstBrokenSchedule(before: string[], ops: Op[]): Promise<string | null> {
  const users = [...new Set([...before, ...ops.map(([, user]) => user)])];
  const members = new Set(before);
  for (const [kind, user] of ops) {
    if (kind === 'join') members.add(user);
    else members.delete(user);
  }
  for (const schedule of schedules(ops.length)) {
    const cluster = new Cluster();
    try {
      await cluster.member('S1', 'U1', 'X', 'W');
      const u97 = await cluster.member('S99', 'U97', 'W');
      const clients = new Map(users.map((user) => [user, cluster.connect('S99', user)]));
      const s99 = cluster.server('S99');
      for (const user of before) await s99.joinRoom(user, 'X');
      const operations: RaceOperation[] = ops.map(([kind, user]) => ({
        name: `${kind} ${user}`,
        start: () =>
          kind === 'join'
            ? s99.joinRoom(user, 'X')
            : kind === 'leave'
              ? s99.leaveRoom(user, 'X')
              : s99.handleDisconnect(user),
      }));
      const where = describeSchedule(operations, schedule);
      const results = await runSchedule(cluster.bus('S99'), operations, schedule);
      const failed = results.findIndex((result) => result.status === 'rejected');
      if (failed !== -1) return `${operations[failed]?.name} rejected (${where})`;

      await cluster.send('U1', 'X', 'after the race');
      await cluster.send('U1', 'W', 'sentinel');
      await u97.waitFor('sentinel');
      const subscribed = cluster.bus('S99').subscriptions(X) > 0;
      if (subscribed !== members.size > 0) {
        const state = subscribed ? 'subscribed to X with no member' : 'not subscribed to X';
        return `S99 ended ${state} (${where})`;
      }
      for (const user of members) {
        if (clients.get(user)?.count('after the race') === 0) {
          return `${user} is in X but missed the next message (${where})`;
        }
      }
    } finally {
      cluster.close();
    }
  }
  return null;
}

describe('three and more racing operations on one room', () => {
  it('[R9] join, leave and rejoin of one user, acknowledged in any order, end subscribed', async () => {
    const broken = await firstBrokenSchedule(
      [],
      [
        ['join', 'U99'],
        ['leave', 'U99'],
        ['join', 'U99'],
      ],
    );
    expect(broken, `a member ended without a subscription: ${broken}`).toBeNull();
  });

  it('[R9] leave, rejoin and leave of the last member, acknowledged in any order, end unsubscribed', async () => {
    const broken = await firstBrokenSchedule(
      ['U99'],
      [
        ['leave', 'U99'],
        ['join', 'U99'],
        ['leave', 'U99'],
      ],
    );
    expect(broken, `${broken}`).toBeNull();
  });

  it('[R9] join, leave, join and leave of one user, acknowledged in any order, end unsubscribed', async () => {
    const broken = await firstBrokenSchedule(
      [],
      [
        ['join', 'U99'],
        ['leave', 'U99'],
        ['join', 'U99'],
        ['leave', 'U99'],
      ],
    );
    expect(broken, `${broken}`).toBeNull();
  });

  it('[R9] two users joining and leaving in turn, acknowledged in any order, keep the last one served', async () => {
    const broken = await firstBrokenSchedule(
      ['U99'],
      [
        ['leave', 'U99'],
        ['join', 'U98'],
        ['leave', 'U98'],
        ['join', 'U99'],
      ],
    );
    expect(broken, `${broken}`).toBeNull();
  });

  it('[R9] a join racing the disconnect of the last member, acknowledged in any order, ends subscribed', async () => {
    const broken = await firstBrokenSchedule(
      ['U99'],
      [
        ['disconnect', 'U99'],
        ['join', 'U98'],
        ['leave', 'U98'],
        ['join', 'U98'],
      ],
    );
    expect(broken, `${broken}`).toBeNull();
  });
});
