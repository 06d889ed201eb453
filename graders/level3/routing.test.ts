import { afterEach, describe, expect, it } from 'vitest';
import { DistributedServer } from '#attempt/distributed-server';
import { Cluster, channel } from './support/cluster.js';
import { RecordingClient } from './support/recording-client.js';
import { within } from './support/wait.js';

let cluster = new Cluster();
afterEach(() => {
  cluster.close();
  cluster = new Cluster();
});

/** The order in which distinct texts first arrived: duplicates are judged elsewhere. */
function firstArrivals(texts: string[]): string[] {
  return [...new Set(texts)];
}

describe('routing a room message', () => {
  it('[R2] a member on another server receives a room message, with its room and sender', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await u99.waitFor('hello');
    expect(u99.received).toContainEqual({ room: 'X', from: 'U1', text: 'hello' });
  });

  it('[R2] the sender never receives its own message back', async () => {
    const u1 = await cluster.member('S1', 'U1', 'X');
    await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U99', 'X', 'reply');
    await u1.waitFor('reply');
    expect(u1.count('hello'), 'U1 got its own "hello" back').toBe(0);
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
      expect(client.count('hello'), `${client.userId} never got "hello"`).toBeGreaterThan(0);
    }
  });

  it('[R2] a server hands each message the broker brings it to each local member once', async () => {
    await cluster.member('S1', 'U1', 'X');
    const members = [
      await cluster.member('S99', 'U98', 'X'),
      await cluster.member('S99', 'U99', 'X'),
    ];
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    for (const member of members) await member.waitFor('sentinel');
    // Whatever the broker brought S99 (two messages, or more if something republished them).
    const brought = cluster.bus('S99').delivered(channel('X'));
    for (const member of members) {
      expect(
        member.received.length,
        `${member.userId} got more messages than the broker brought to S99`,
      ).toBeLessThanOrEqual(brought);
    }
  });

  it('[R2] onPubSubMessage delivers a message from the broker to the local members of its room', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await u99.waitFor('hello');
    const sent = cluster.bus('S1').published.find((p) => p.channel === channel('X'));
    if (!sent) throw new Error('S1 published nothing on room:X');
    const before = u99.count('hello');
    const total = u99.received.length;
    // The broker reaches a server through onPubSubMessage: calling it hands the message over again.
    cluster.server('S99').onPubSubMessage(sent.channel, sent.message);
    await u99.waitForCount(total + 1);
    expect(u99.count('hello'), 'onPubSubMessage did not deliver to U99').toBeGreaterThan(before);
    expect(u99.received.at(-1)).toEqual({ room: 'X', from: 'U1', text: 'hello' });
  });

  it('[R2] servers made without a serverId reach each other', async () => {
    const s1 = new DistributedServer(cluster.broker.connect('A'));
    const s2 = new DistributedServer(cluster.broker.connect('B'));
    const u1 = new RecordingClient('U1');
    const u2 = new RecordingClient('U2');
    s1.handleConnection(u1);
    s2.handleConnection(u2);
    await s1.joinRoom('U1', 'X');
    await s2.joinRoom('U2', 'X');
    await s1.sendToRoom('U1', 'X', 'hello');
    await s2.sendToRoom('U2', 'X', 'reply');
    await u2.waitFor('hello');
    await u1.waitFor('reply');
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
  });

  it('[R4] a local member of the sender gets a message once, not again from the broker', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u2 = await cluster.member('S1', 'U2', 'X');
    await cluster.member('S99', 'U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    // S1 gets its own publish back before this one: the broker keeps publish order.
    await cluster.send('U99', 'X', 'sentinel');
    await u2.waitFor('sentinel');
    expect(u2.count('hello'), "S1 delivered its own publish's echo to U2 again").toBeLessThan(2);
  });

  it('[R4] on two busy servers, no member gets a message of a local sender twice', async () => {
    const servers = { S1: ['A1', 'A2'], S2: ['B1', 'B2'] };
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
      const neighbours = Object.values(servers).find((users) => users.includes(client.userId));
      for (const neighbour of neighbours ?? []) {
        expect(
          client.count(`from ${neighbour}`),
          `${client.userId} got the message of ${neighbour}, on its own server, twice`,
        ).toBeLessThan(2);
      }
    }
  });

  it('[R11] delivers 100 messages in the order they were sent, locally and across servers', async () => {
    await cluster.member('S1', 'U1', 'X');
    const local = await cluster.member('S1', 'U2', 'X');
    const remote = await cluster.member('S99', 'U99', 'X');
    await cluster.member('S98', 'U98', 'X');
    const texts = Array.from({ length: 100 }, (_, i) => `m${i}`);
    await within(
      Promise.all(texts.map((text) => cluster.send('U1', 'X', text))),
      '100 sends to resolve',
    );
    // Published after the 100, so it arrives after them wherever they arrive.
    await cluster.send('U98', 'X', 'sentinel');
    await local.waitFor('sentinel');
    await remote.waitFor('sentinel');
    const order = (texts: string[]) => firstArrivals(texts.filter((text) => text !== 'sentinel'));
    const sent = (got: string[]) => texts.filter((text) => got.includes(text));
    expect(order(local.texts()), 'order on the sender server').toEqual(sent(local.texts()));
    expect(order(remote.texts()), 'order on another server').toEqual(sent(remote.texts()));
  });

  it('[R11] a message to one room reaches only the members of that room, named with it', async () => {
    await cluster.member('S1', 'U1', 'X', 'Y');
    const both = await cluster.member('S99', 'U99', 'X', 'Y');
    const onlyY = await cluster.member('S99', 'U98', 'Y');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'Y', 'sentinel');
    await both.waitFor('sentinel');
    await onlyY.waitFor('sentinel');
    const rooms = both.received.filter((m) => m.text === 'hello').map((m) => m.room);
    expect(
      rooms.filter((room) => room !== 'X'),
      'U99 got "hello" named with another room',
    ).toEqual([]);
    expect(onlyY.count('hello'), 'U98 is not in room X').toBe(0);
  });
});
