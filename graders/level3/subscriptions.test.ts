import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, channel } from './support/cluster.js';
import type { BrokerConnection } from './support/test-broker.js';

let cluster = new Cluster();
afterEach(() => {
  cluster.close();
  cluster = new Cluster();
});

const X = channel('X');

/** What the broker holds for one server on a room's channel, and the unsubscribes it was sent. */
function footprint(bus: BrokerConnection, room: string) {
  const ch = channel(room);
  return { subscriptions: bus.subscriptions(ch), unsubscribes: bus.count('unsubscribe', ch) };
}

describe('subscriptions follow local membership', () => {
  it('[R5] two local members of a room share one subscription', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    expect(cluster.bus('S1').count('subscribe', X), 'subscribed once per join').toBe(1);
    await cluster.idle();
    expect(cluster.bus('S1').subscriptions(X), 'handlers subscribed to room:X').toBe(1);
  });

  it('[R5] keeps the subscription when the first member leaves, drops it after the last', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    const s1 = cluster.server('S1');
    const bus = cluster.bus('S1');

    await s1.leaveRoom('U1', 'X');
    expect(bus.count('unsubscribe', X), 'U2 is still in X').toBe(0);
    await cluster.idle();
    expect(bus.subscriptions(X), 'U2 is still in X').toBe(1);

    await s1.leaveRoom('U2', 'X');
    expect(bus.count('unsubscribe', X), 'X has no local member left').toBe(1);
    await cluster.idle();
    expect(bus.subscriptions(X), 'X has no local member left').toBe(0);
  });

  it('[R5] subscribes again when someone joins a room the server had left', async () => {
    await cluster.member('S1', 'U1', 'X');
    const s1 = cluster.server('S1');
    await s1.leaveRoom('U1', 'X');
    await s1.joinRoom('U1', 'X');
    expect(cluster.bus('S1').count('subscribe', X)).toBe(2);
    expect(cluster.bus('S1').count('unsubscribe', X)).toBe(1);
    await cluster.idle();
    expect(cluster.bus('S1').subscriptions(X)).toBe(1);
  });

  it('[R5] a server with no member in a room neither subscribes to it nor hears it', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U4', 'Y');
    const u3 = await cluster.member('S3', 'U3', 'X');
    const u2 = await cluster.member('S2', 'U2', 'Y');
    await cluster.send('U1', 'X', 'hello');
    await u3.waitFor('hello');
    await cluster.send('U4', 'Y', 'sentinel');
    await u2.waitFor('sentinel');
    expect(cluster.bus('S2').count('subscribe', X), 'S2 has nobody in X').toBe(0);
    expect(cluster.bus('S2').delivered(X), 'the broker called S2 for room X').toBe(0);
  });

  it('[R6] a disconnect releases the rooms of the user exactly as leaving each of them would', async () => {
    // S2 is the control: the same rooms, left one by one instead of by a disconnect.
    await cluster.member('S1', 'U1', 'X', 'Y', 'Z');
    await cluster.member('S1', 'U2', 'Z');
    await cluster.member('S2', 'V1', 'X', 'Y', 'Z');
    await cluster.member('S2', 'V2', 'Z');
    await cluster.server('S1').handleDisconnect('U1');
    for (const room of ['X', 'Y', 'Z']) await cluster.server('S2').leaveRoom('V1', room);
    await cluster.idle();
    for (const room of ['X', 'Y', 'Z']) {
      expect(
        footprint(cluster.bus('S1'), room),
        `room ${room} after a disconnect, against after three leaves`,
      ).toEqual(footprint(cluster.bus('S2'), room));
    }
  });

  it('[R6] a user who disconnected gets nothing more', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X', 'W');
    const u97 = await cluster.member('S1', 'U97', 'W');
    await cluster.server('S1').handleDisconnect('U1');
    await cluster.send('U99', 'X', 'after');
    await cluster.send('U2', 'X', 'local after');
    await cluster.send('U99', 'W', 'sentinel');
    await u97.waitFor('sentinel');
    expect(u1.received, 'U1 disconnected before these were sent').toEqual([]);
  });

  it('[R6] a user can connect again after a disconnect and rejoin', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.server('S1').handleDisconnect('U1');
    const again = await cluster.member('S1', 'U1', 'X');
    await cluster.send('U99', 'X', 'hello again');
    await again.waitFor('hello again');
  });

  it('[R7] leaving a room twice does what leaving it once does', async () => {
    // S2 is the control: the same members, each leave made once.
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    await cluster.member('S2', 'V1', 'X');
    await cluster.member('S2', 'V2', 'X');
    const s1 = cluster.server('S1');
    const s2 = cluster.server('S2');
    await s1.leaveRoom('U1', 'X');
    await s1.leaveRoom('U1', 'X');
    await s2.leaveRoom('V1', 'X');
    await cluster.idle();
    expect(footprint(cluster.bus('S1'), 'X'), 'U2 is still in X').toEqual(
      footprint(cluster.bus('S2'), 'X'),
    );
    await s1.leaveRoom('U2', 'X');
    await s1.leaveRoom('U2', 'X');
    await s2.leaveRoom('V2', 'X');
    await cluster.idle();
    expect(footprint(cluster.bus('S1'), 'X'), 'X is empty').toEqual(
      footprint(cluster.bus('S2'), 'X'),
    );
  });

  it('[R7] leaving a room never joined changes nothing', async () => {
    // S2 is the control: the same members, and no stray leaves.
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U3');
    await cluster.member('S2', 'V1', 'X');
    const s1 = cluster.server('S1');
    await s1.leaveRoom('U3', 'X');
    await s1.leaveRoom('U3', 'Q');
    await s1.leaveRoom('U1', 'Q');
    await cluster.idle();
    expect(cluster.bus('S1').count('unsubscribe'), 'no stray leave may unsubscribe').toBe(0);
    expect(footprint(cluster.bus('S1'), 'X')).toEqual(footprint(cluster.bus('S2'), 'X'));
    await s1.leaveRoom('U1', 'X');
    await cluster.server('S2').leaveRoom('V1', 'X');
    await cluster.idle();
    expect(footprint(cluster.bus('S1'), 'X')).toEqual(footprint(cluster.bus('S2'), 'X'));
  });

  it('[R7] joining a room twice does what joining it once does, and one leave undoes it', async () => {
    // S2 is the control: the same member, joined once.
    const u1 = await cluster.member('S1', 'U1', 'X', 'X');
    const v1 = await cluster.member('S2', 'V1', 'X');
    await cluster.member('S99', 'U99', 'X', 'W');
    const u98 = await cluster.member('S98', 'U98', 'W');
    await cluster.idle();
    expect(footprint(cluster.bus('S1'), 'X'), 'after the joins').toEqual(
      footprint(cluster.bus('S2'), 'X'),
    );
    await cluster.server('S1').leaveRoom('U1', 'X');
    await cluster.server('S2').leaveRoom('V1', 'X');
    await cluster.idle();
    expect(footprint(cluster.bus('S1'), 'X'), 'after one leave').toEqual(
      footprint(cluster.bus('S2'), 'X'),
    );
    await cluster.send('U99', 'X', 'after the leave');
    await cluster.send('U99', 'W', 'sentinel');
    await u98.waitFor('sentinel');
    expect(u1.count('after the leave'), 'one leave must undo two joins').toBe(
      v1.count('after the leave'),
    );
  });
});
