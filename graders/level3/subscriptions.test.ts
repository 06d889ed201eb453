import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, channel } from './support/cluster.js';

let cluster = new Cluster();
afterEach(() => {
  cluster.close();
  cluster = new Cluster();
});

const X = channel('X');

describe('subscriptions follow local membership', () => {
  it('[R5] two local members of a room share one subscription', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    expect(cluster.bus('S1').count('subscribe', X), 'subscribed once per join').toBe(1);
  });

  it('[R5] keeps the subscription when the first member leaves, drops it after the last', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u2 = await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    const s1 = cluster.server('S1');
    const bus = cluster.bus('S1');

    await s1.leaveRoom('U1', 'X');
    expect(bus.count('unsubscribe', X), 'U2 is still in X').toBe(0);
    await cluster.send('U99', 'X', 'still here');
    await u2.waitFor('still here');

    await s1.leaveRoom('U2', 'X');
    expect(bus.count('unsubscribe', X), 'X has no local member left').toBe(1);
    expect(bus.count('subscribe', X)).toBe(1);
  });

  it('[R5] subscribes again when someone joins a room the server had left', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    await cluster.member('S99', 'U99', 'X');
    const s1 = cluster.server('S1');
    await s1.leaveRoom('U1', 'X');
    await s1.joinRoom('U1', 'X');
    expect(cluster.bus('S1').count('subscribe', X)).toBe(2);
    expect(cluster.bus('S1').count('unsubscribe', X)).toBe(1);
    await cluster.send('U99', 'X', 'welcome back');
    await u1.waitFor('welcome back');
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

  it('[R6] a disconnect leaves every room and unsubscribes each room it emptied', async () => {
    await cluster.member('S1', 'U1', 'X', 'Y', 'Z');
    const u2 = await cluster.member('S1', 'U2', 'Z');
    await cluster.member('S99', 'U99', 'Z');
    await cluster.server('S1').handleDisconnect('U1');
    const bus = cluster.bus('S1');
    expect(bus.count('unsubscribe', channel('X')), 'X emptied').toBe(1);
    expect(bus.count('unsubscribe', channel('Y')), 'Y emptied').toBe(1);
    expect(bus.count('unsubscribe', channel('Z')), 'U2 is still in Z').toBe(0);
    await cluster.send('U99', 'Z', 'after');
    await u2.waitFor('after');
  });

  it('[R6] a user who disconnected gets nothing more, the others still do', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    const u2 = await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.server('S1').handleDisconnect('U1');
    expect(cluster.bus('S1').count('unsubscribe', X), 'U2 is still in X').toBe(0);
    await cluster.send('U99', 'X', 'after');
    await cluster.send('U2', 'X', 'local after');
    await u2.waitFor('after');
    expect(u1.received, 'U1 disconnected before these were sent').toEqual([]);
  });

  it('[R6] a user can connect again after a disconnect and rejoin', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.server('S1').handleDisconnect('U1');
    const again = await cluster.member('S1', 'U1', 'X');
    await cluster.send('U99', 'X', 'hello again');
    await again.waitFor('hello again');
    expect(again.count('hello again')).toBe(1);
  });

  it('[R7] leaving a room twice unsubscribes nothing while another member stays', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u2 = await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    const s1 = cluster.server('S1');
    await s1.leaveRoom('U1', 'X');
    await s1.leaveRoom('U1', 'X');
    expect(cluster.bus('S1').count('unsubscribe', X), 'the second leave counted again').toBe(0);
    await cluster.send('U99', 'X', 'for U2');
    await u2.waitFor('for U2');
    await s1.leaveRoom('U2', 'X');
    expect(cluster.bus('S1').count('unsubscribe', X)).toBe(1);
  });

  it('[R7] leaving a room never joined changes nothing', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U3');
    await cluster.member('S99', 'U99', 'X');
    const s1 = cluster.server('S1');
    await s1.leaveRoom('U3', 'X');
    await s1.leaveRoom('U3', 'Q');
    const bus = cluster.bus('S1');
    expect(bus.count('unsubscribe'), 'U3 was in no room').toBe(0);
    await cluster.send('U99', 'X', 'for U1');
    await u1.waitFor('for U1');
    await s1.leaveRoom('U1', 'X');
    expect(bus.count('unsubscribe', X)).toBe(1);
  });

  it('[R7] joining a room twice subscribes once, delivers once, and one leave empties it', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X', 'X');
    await cluster.member('S99', 'U99', 'X');
    const bus = cluster.bus('S1');
    expect(bus.count('subscribe', X)).toBe(1);
    await cluster.send('U99', 'X', 'hello');
    await cluster.send('U99', 'X', 'sentinel');
    await u1.waitFor('sentinel');
    expect(u1.count('hello'), 'U1 is in X once').toBe(1);
    await cluster.server('S1').leaveRoom('U1', 'X');
    expect(bus.count('unsubscribe', X), 'one leave undoes any number of joins').toBe(1);
  });
});
