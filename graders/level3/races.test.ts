import { afterEach, describe, expect, it } from 'vitest';
import { Cluster, channel } from './support/cluster.js';
import { settle, within } from './support/wait.js';

let cluster = new Cluster();
afterEach(() => {
  cluster.close();
  cluster = new Cluster();
});

const X = channel('X');

describe('slow, racing and failing broker acknowledgements', () => {
  it('[R8] a message sent right after joinRoom resolves is delivered, even with a slow subscribe ack', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const gate = cluster.bus('S99').hold('subscribe', X);
    const sent = cluster
      .server('S99')
      .joinRoom('U99', 'X')
      .then(() => cluster.send('U1', 'X', 'right after join'));
    await within(gate.called, 'S99 to subscribe to room:X');
    // Whatever resolves without the acknowledgement runs now, before the broker answers.
    await settle();
    gate.release();
    await within(sent, 'joinRoom and the send after it');
    await cluster.send('U1', 'X', 'sentinel');
    await u99.waitFor('sentinel');
    expect(
      u99.count('right after join'),
      'lost: joinRoom resolved before the broker acknowledged the subscription',
    ).toBe(1);
  });

  it('[R8] a second local join waits for the subscription the first one started', async () => {
    await cluster.member('S1', 'U1', 'X');
    cluster.connect('S99', 'U98');
    const u99 = cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    const gate = cluster.bus('S99').hold('subscribe', X);
    const first = s99.joinRoom('U98', 'X');
    await within(gate.called, 'S99 to subscribe to room:X');
    const sent = s99.joinRoom('U99', 'X').then(() => cluster.send('U1', 'X', 'right after join'));
    await settle();
    gate.release();
    await within(Promise.all([first, sent]), 'both joins and the send after the second');
    await cluster.send('U1', 'X', 'sentinel');
    await u99.waitFor('sentinel');
    expect(
      u99.count('right after join'),
      'lost: the second joinRoom resolved while the subscription was still pending',
    ).toBe(1);
  });

  it('[R9] a rejoin while the last leave is unsubscribing ends subscribed and delivers', async () => {
    await cluster.member('S1', 'U1', 'X', 'W');
    const u99 = await cluster.member('S99', 'U99', 'X');
    // U97 keeps S99 on channel W, which carries the sentinel.
    const u97 = await cluster.member('S99', 'U97', 'W');
    const s99 = cluster.server('S99');
    const gate = cluster.bus('S99').hold('unsubscribe', X);
    const left = s99.leaveRoom('U99', 'X');
    await within(gate.called, 'S99 to unsubscribe from room:X');
    const rejoined = s99.joinRoom('U99', 'X');
    await settle();
    gate.release();
    await within(Promise.all([left, rejoined]), 'the leave and the rejoin');
    await cluster.send('U1', 'X', 'after rejoin');
    await cluster.send('U1', 'W', 'sentinel');
    await u97.waitFor('sentinel');
    expect(
      u99.count('after rejoin'),
      'U99 is in X but S99 ended unsubscribed: the late unsubscribe undid the rejoin',
    ).toBe(1);
  });

  it('[R9] a leave while the first join is subscribing ends unsubscribed', async () => {
    await cluster.member('S1', 'U1', 'X', 'W');
    const u97 = await cluster.member('S99', 'U97', 'W');
    cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    const gate = cluster.bus('S99').hold('subscribe', X);
    const joined = s99.joinRoom('U99', 'X');
    await within(gate.called, 'S99 to subscribe to room:X');
    const left = s99.leaveRoom('U99', 'X');
    await settle();
    gate.release();
    await within(Promise.allSettled([joined, left]), 'the join and the leave');
    await cluster.send('U1', 'X', 'nobody there');
    await cluster.send('U1', 'W', 'sentinel');
    await u97.waitFor('sentinel');
    expect(
      cluster.bus('S99').delivered(X),
      'S99 has no member in X but stayed subscribed to it',
    ).toBe(0);
  });

  it('[R10] a failed subscribe rejects joinRoom and the user gets nothing from the room', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const u98 = cluster.connect('S99', 'U98');
    const s99 = cluster.server('S99');
    cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    await expect(within(s99.joinRoom('U99', 'X'), 'the failing join to settle')).rejects.toThrow(
      'subscribe refused by the broker',
    );
    await s99.joinRoom('U98', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    await u98.waitFor('sentinel');
    expect(u99.received, 'U99 is not in X: its join failed').toEqual([]);
  });

  it('[R10] a join that failed can be tried again and then delivers', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    await expect(within(s99.joinRoom('U99', 'X'), 'the failing join to settle')).rejects.toThrow(
      'subscribe refused by the broker',
    );
    await s99.joinRoom('U99', 'X');
    expect(cluster.bus('S99').count('subscribe', X), 'the retry must subscribe again').toBe(2);
    await cluster.send('U1', 'X', 'hello');
    await u99.waitFor('hello');
  });
});
