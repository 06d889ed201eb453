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
    ).toBeGreaterThan(0);
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
    ).toBeGreaterThan(0);
  });

  it('[R8] a repeated join of the same user waits for the subscription the first one started', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    const gate = cluster.bus('S99').hold('subscribe', X);
    const first = s99.joinRoom('U99', 'X');
    await within(gate.called, 'S99 to subscribe to room:X');
    const sent = s99.joinRoom('U99', 'X').then(() => cluster.send('U1', 'X', 'right after join'));
    await settle();
    gate.release();
    await within(Promise.all([first, sent]), 'both joins and the send after the second');
    await cluster.send('U1', 'X', 'sentinel');
    await u99.waitFor('sentinel');
    expect(
      u99.count('right after join'),
      'lost: the repeated joinRoom resolved while the subscription was still pending',
    ).toBeGreaterThan(0);
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
    ).toBeGreaterThan(0);
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
    await cluster.send('U1', 'W', 'sentinel');
    await u97.waitFor('sentinel');
    expect(
      cluster.bus('S99').subscriptions(X),
      'S99 has no member in X but stayed subscribed to it',
    ).toBe(0);
  });

  it('[R8] a refused subscribe rejects joinRoom with the error of the broker', async () => {
    cluster.connect('S99', 'U99');
    cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    await expect(
      within(cluster.server('S99').joinRoom('U99', 'X'), 'the refused join to settle'),
    ).rejects.toThrow('subscribe refused by the broker');
  });

  it('[R8] two joins of one user racing a refused subscribe: a join that resolves delivers the next message', async () => {
    await cluster.member('S1', 'U1', 'X', 'W');
    const u97 = await cluster.member('S99', 'U97', 'W');
    const u99 = cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    void cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    const results = await within(
      Promise.allSettled([s99.joinRoom('U99', 'X'), s99.joinRoom('U99', 'X')]),
      'both joins to settle',
    );
    const outcome = results.map((result) => result.status).join(' and ');
    await cluster.send('U1', 'X', 'right after the joins');
    await cluster.send('U1', 'W', 'sentinel');
    await u97.waitFor('sentinel');
    if (results.some((result) => result.status === 'fulfilled')) {
      expect(
        u99.count('right after the joins'),
        `the joins ended ${outcome}, yet U99 is not served in X`,
      ).toBeGreaterThan(0);
    }
  });

  it('[R10] after a refused subscribe the user is not in the room', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const u98 = cluster.connect('S99', 'U98');
    // The control: connected to S99 like U99, never in X.
    const outsider = cluster.connect('S99', 'U97');
    const s99 = cluster.server('S99');
    const refused = cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    await within(Promise.allSettled([s99.joinRoom('U99', 'X')]), 'the refused join to settle');
    await within(refused, 'the broker to refuse the subscribe');
    await s99.joinRoom('U98', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    await u98.waitFor('sentinel');
    expect(u99.count('hello'), 'U99 is not in X: its join failed').toBe(outsider.count('hello'));
  });

  it('[R10] after a refused subscribe a later join succeeds and delivers', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const s99 = cluster.server('S99');
    const refused = cluster.bus('S99').failNextSubscribe(X, 'subscribe refused by the broker');
    await within(Promise.allSettled([s99.joinRoom('U99', 'X')]), 'the refused join to settle');
    await within(refused, 'the broker to refuse the subscribe');
    await cluster.idle();
    await s99.joinRoom('U99', 'X');
    await cluster.send('U1', 'X', 'hello');
    await u99.waitFor('hello');
  });

  it('[R10] two joins of one user, both refused, leave the user outside the room', async () => {
    await cluster.member('S1', 'U1', 'X');
    const u99 = cluster.connect('S99', 'U99');
    const u98 = cluster.connect('S99', 'U98');
    const outsider = cluster.connect('S99', 'U97');
    const s99 = cluster.server('S99');
    const bus = cluster.bus('S99');
    const refusals = [
      bus.failNextSubscribe(X, 'subscribe refused by the broker'),
      bus.failNextSubscribe(X, 'subscribe refused again'),
    ];
    await within(
      Promise.allSettled([s99.joinRoom('U99', 'X'), s99.joinRoom('U99', 'X')]),
      'both joins to settle',
    );
    // A server may try once for both joins: the second refusal then stays unused.
    await within(refusals[0] ?? Promise.resolve(), 'the broker to refuse the first subscribe');
    await cluster.idle();
    bus.clearRefusals();
    await s99.joinRoom('U98', 'X');
    await cluster.send('U1', 'X', 'hello');
    await cluster.send('U1', 'X', 'sentinel');
    await u98.waitFor('sentinel');
    expect(u99.count('hello'), 'U99 is not in X: both joins failed').toBe(outsider.count('hello'));
  });
});
