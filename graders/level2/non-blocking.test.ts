import { describe, expect, it } from 'vitest';
import { broadcastMany, createHarness, everyNthTick, perUser, range } from './support/harness.js';

describe('non-blocking broadcast', () => {
  it('[R1] broadcast only queues: the transport is not called until tick()', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'grace', 'linus']);
    broadcastMany(server, 5);
    expect(transport.calls, 'broadcast() must not send inline').toEqual([]);
    tick();
    for (const user of ['ada', 'grace', 'linus']) expect(transport.seqs(user)).toEqual(range(1, 5));
  });

  it("[R1] a slow user's backlog never delays the fast users of the room", () => {
    const fast = range(1, 50).map((i) => `fast-${i}`);
    const { server, transport, tick } = createHarness(100, 'general', ['slow', ...fast]);
    transport.rule = perUser({ slow: everyNthTick(5) });
    for (let k = 1; k <= 20; k++) {
      server.broadcast('general', 'host', `message ${k}`);
      tick();
      for (const user of fast) {
        expect(transport.seqs(user), `${user} after tick ${k}`).toEqual(range(1, k));
      }
    }
    expect(transport.seqs('slow'), 'one message every 5 ticks').toEqual([1, 2, 3, 4]);
  });

  it('[R1] a user whose transport is always busy does not hold up the tick for others', () => {
    const { server, transport, tick } = createHarness(8, 'general', ['stuck', 'ada', 'grace']);
    transport.rule = perUser({ stuck: () => 'busy' });
    broadcastMany(server, 3);
    tick();
    expect(transport.seqs('ada')).toEqual([1, 2, 3]);
    expect(transport.seqs('grace')).toEqual([1, 2, 3]);
    expect(transport.callsTo('stuck'), 'one offer per tick to a busy user').toHaveLength(1);
  });

  it('[R1] a tick with nothing queued makes no transport calls', () => {
    const { server, transport, tick } = createHarness(8, 'general', ['ada', 'grace']);
    tick(3);
    expect(transport.calls, 'nothing was broadcast yet').toEqual([]);
    broadcastMany(server, 2);
    tick();
    const callsAfterDelivery = transport.calls.length;
    expect(callsAfterDelivery).toBe(4);
    tick(5);
    expect(transport.calls, 'everything was delivered already').toHaveLength(callsAfterDelivery);
  });
});
