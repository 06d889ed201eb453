import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { within } from './support/wait.js';

let cluster = new Cluster();
afterEach(() => {
  cluster.close();
  cluster = new Cluster();
});

describe('routing a room message', () => {
  it('[R2] a member on another server receives a room message exactly once', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    await u99.waitFor('sentinel');
    expect(u99.received).toEqual([
      { room: 'X', from: 'U1', text: 'hello' },
      { room: 'X', from: 'U1', text: 'sentinel' },
    ]);
  });

  it('[R2] the sender never receives its own message back', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U99', 'X', 'reply');
    await u1.waitFor('reply');
    expect(u1.texts(), 'U1 got its own "hello" back').toEqual(['reply']);
  });

  it('[R2] reaches members on every server and the other members on the sender server', async () => {
    await cluster.member('S1', 'U1', 'X');
    const others = [
      await cluster.member('S1', 'U2', 'X'),
      await cluster.member('S2', 'U3', 'X'),
      await cluster.member('S3', 'U4', 'X'),
      await cluster.member('S3', 'U5', 'X'),
    ];
    await cluster.send('U1', 'X', 'hello');
    await cluster.member('S4', 'U9', 'X');
    await cluster.send('U9', 'X', 'sentinel');
    for (const client of others) {
      await client.waitFor('sentinel');
      expect(client.count('hello'), `${client.userId} should get "hello" once`).toBe(1);
    }
  });

  it('[R3] publishes each message to the broker exactly once, whatever the number of servers', async () => {
    await cluster.member('S1', 'U1', 'X');
    await cluster.member('S2', 'U2', 'X');
    const u3 = await cluster.member('S3', 'U3', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    await u3.waitFor('sentinel');
    expect(cluster.bus('S2').count('publish'), 'S2 published what it received').toBe(0);
    expect(cluster.bus('S3').count('publish'), 'S3 published what it received').toBe(0);
    expect(cluster.publishes(), 'two messages sent, two publishes').toBe(2);
  });

  it('[R3] a conversation back and forth costs one publish per message', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    const u99 = await cluster.member('S99', 'U99', 'X');
    for (let i = 0; i < 5; i += 1) {
      await cluster.send('U1', 'X', `ping${i}`);
      await u99.waitFor(`ping${i}`);
      await cluster.send('U99', 'X', `pong${i}`);
      await u1.waitFor(`pong${i}`);
    }
    expect(cluster.publishes(), 'ten messages, ten publishes: a server republished').toBe(10);
    expect(u1.texts()).toEqual([0, 1, 2, 3, 4].map((i) => `pong${i}`));
  });

  it('[R4] a local member of the sender gets a message once, not again from the broker', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u2 = await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    // S1 gets its own publish back before this one: the broker keeps publish order.
    await cluster.send('U99', 'X', 'sentinel');
    await u2.waitFor('sentinel');
    expect(u2.count('hello'), "S1 delivered its own publish's echo to U2 again").toBe(1);
  });

  it('[R4] members on two servers each get every message from the others exactly once', async () => {
    const clients = [
      await cluster.member('S1', 'A1', 'X'),
      await cluster.member('S1', 'A2', 'X'),
      await cluster.member('S2', 'B1', 'X'),
      await cluster.member('S2', 'B2', 'X'),
    ];
    for (const sender of clients) await cluster.send(sender.userId, 'X', `from ${sender.userId}`);
    await cluster.member('S3', 'C1', 'X');
    await cluster.send('C1', 'X', 'sentinel');
    for (const client of clients) {
      await client.waitFor('sentinel');
      const expected = clients
        .filter((other) => other !== client)
        .map((other) => `from ${other.userId}`);
      // Order across senders is not promised; the set and the count are.
      expect(client.texts().sort(), `${client.userId} got a wrong set of messages`).toEqual(
        [...expected, 'sentinel'].sort(),
      );
    }
  });

  it('[R11] delivers 100 messages in the order they were sent, locally and across servers', async () => {
    await cluster.member('S1', 'U1', 'X');
    const local = await cluster.member('S1', 'U2', 'X');
    const remote = await cluster.member('S99', 'U99', 'X');
    const texts = Array.from({ length: 100 }, (_, i) => `m${i}`);
    await within(
      Promise.all(texts.map((text) => cluster.send('U1', 'X', text))),
      '100 sends to resolve',
    );
    await local.waitForCount(100);
    await remote.waitForCount(100);
    expect(local.texts(), 'order on the sender server').toEqual(texts);
    expect(remote.texts(), 'order on another server').toEqual(texts);
  });

  it('[R11] a user in two rooms gets a message to one of them once, and only that room hears it', async () => {
    await cluster.member('S1', 'U1', 'X', 'Y');
    const both = await cluster.member('S99', 'U99', 'X', 'Y');
    const onlyY = await cluster.member('S99', 'U98', 'Y');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'Y', 'sentinel');
    await both.waitFor('sentinel');
    await onlyY.waitFor('sentinel');
    expect(both.received.filter((m) => m.text === 'hello')).toEqual([
      { room: 'X', from: 'U1', text: 'hello' },
    ]);
    expect(onlyY.count('hello'), 'U98 is not in room X').toBe(0);
  });
});
