import { describe, expect, it } from 'vitest';
import { MockRedisPubSub } from '#attempt/mock-redis-pubsub';
import { Signal } from './support/wait.js';

/** Records what handlers receive, as `name:channel:message`, and lets a test wait for it. */
function recorder() {
  const got: string[] = [];
  const signal = new Signal();
  return {
    got,
    handler: (name: string) => (channel: string, message: string) => {
      got.push(`${name}:${channel}:${message}`);
      signal.notify();
    },
    waitFor: (entry: string) =>
      signal.until(
        () => got.includes(entry),
        () => `"${entry}" to be delivered (got ${JSON.stringify(got)})`,
      ),
    of: (name: string) => got.filter((entry) => entry.startsWith(`${name}:`)),
  };
}

// Each test has a broker of its own; running them together bounds a broken mock's waits to one.
describe.concurrent('MockRedisPubSub', () => {
  it('[R1] never calls a handler inside publish(): delivery is asynchronous', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('h'));
    const published = broker.publish('a', 'm1');
    expect(r.got, 'a handler ran synchronously inside publish()').toEqual([]);
    await published;
    await r.waitFor('h:a:m1');
  });

  it("[R1] delivers to every subscriber of the channel, the publisher's own included", async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('publisher'));
    await broker.subscribe('a', r.handler('peer'));
    await broker.publish('a', 'm1');
    await broker.publish('a', 'end');
    await r.waitFor('publisher:a:end');
    await r.waitFor('peer:a:end');
    expect(r.of('publisher'), 'the publisher subscribes to the channel too').toEqual([
      'publisher:a:m1',
      'publisher:a:end',
    ]);
    expect(r.of('peer')).toEqual(['peer:a:m1', 'peer:a:end']);
  });

  it('[R1] delivers only to the subscribers of the channel published on', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('onA'));
    await broker.subscribe('b', r.handler('onB'));
    await broker.publish('a', 'for-a');
    await broker.publish('b', 'for-b');
    await r.waitFor('onB:b:for-b');
    await r.waitFor('onA:a:for-a');
    expect(r.of('onB'), 'a message on channel a reached a handler of channel b').toEqual([
      'onB:b:for-b',
    ]);
  });

  it('[R1] stops delivering to a handler once unsubscribed, and keeps the others', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    const gone = r.handler('gone');
    await broker.subscribe('a', gone);
    await broker.subscribe('a', r.handler('stays'));
    await broker.unsubscribe('a', gone);
    await broker.publish('a', 'm1');
    await r.waitFor('stays:a:m1');
    await broker.subscribe('a', r.handler('late'));
    await broker.publish('a', 'end');
    await r.waitFor('late:a:end');
    expect(r.of('gone'), 'an unsubscribed handler still got messages').toEqual([]);
    expect(r.of('stays')).toEqual(['stays:a:m1', 'stays:a:end']);
  });

  it('[R1] delivers the messages of a channel in publish order', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('h'));
    const sent = Array.from({ length: 50 }, (_, i) => `m${i}`);
    await Promise.all(sent.map((message) => broker.publish('a', message)));
    await r.waitFor('h:a:m49');
    expect(r.got).toEqual(sent.map((message) => `h:a:${message}`));
  });

  it('[R1] calls a handler subscribed twice to a channel once per message', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    const twice = r.handler('twice');
    await broker.subscribe('a', twice);
    await broker.subscribe('a', twice);
    await broker.subscribe('a', r.handler('control'));
    await broker.publish('a', 'm1');
    await r.waitFor('control:a:m1');
    expect(r.of('twice')).toEqual(['twice:a:m1']);
  });

  it('[R1] unsubscribing a handler that is not subscribed changes nothing', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.unsubscribe('a', r.handler('never'));
    await broker.subscribe('a', r.handler('stays'));
    await broker.unsubscribe('a', r.handler('stranger'));
    await broker.unsubscribe('b', r.handler('stranger'));
    await broker.publish('a', 'm1');
    await r.waitFor('stays:a:m1');
    expect(r.got).toEqual(['stays:a:m1']);
  });

  it('[R1] a publish reaches the handlers subscribed when publish() is called, not later ones', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('early'));
    const published = broker.publish('a', 'm1');
    // Subscribed after the call, before delivery: like Redis, the receivers are already fixed.
    const subscribed = broker.subscribe('a', r.handler('late'));
    await Promise.all([published, subscribed]);
    await broker.publish('a', 'end');
    await r.waitFor('late:a:end');
    await r.waitFor('early:a:end');
    expect(r.of('late'), 'subscribed after the publish of m1').toEqual(['late:a:end']);
  });

  it('[R1] a handler unsubscribed after publish() is called still gets that message', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    const leaving = r.handler('leaving');
    await broker.subscribe('a', leaving);
    await broker.subscribe('a', r.handler('control'));
    const published = broker.publish('a', 'm1');
    const unsubscribed = broker.unsubscribe('a', leaving);
    await Promise.all([published, unsubscribed]);
    await broker.publish('a', 'end');
    await r.waitFor('control:a:end');
    expect(r.of('leaving'), 'm1 was published while it was subscribed').toEqual(['leaving:a:m1']);
  });

  it('[R1] a publish on a channel nobody subscribes to resolves and reaches no one', async () => {
    const broker = new MockRedisPubSub();
    const r = recorder();
    await broker.subscribe('a', r.handler('onA'));
    await broker.publish('nobody', 'lost');
    await broker.publish('a', 'end');
    await r.waitFor('onA:a:end');
    expect(r.got).toEqual(['onA:a:end']);
  });
});
