import { describe, expect, it } from 'vitest';
import type { DeliveryMetrics } from '#attempt/models';
import { broadcastMany, createHarness, perUser, type Rule } from './support/harness.js';

describe('drop policy and metrics', () => {
  it("[R3] drops the oldest queued message, not the newest, when a user's buffer is full", () => {
    const { server, transport, tick } = createHarness(3, 'general', ['slow']);
    let open = false;
    transport.rule = () => (open ? 'sent' : 'busy');
    broadcastMany(server, 3);
    tick();
    expect(
      transport.callsTo('slow').map((call) => call.seq),
      'seq 1 was offered first',
    ).toEqual([1]);
    broadcastMany(server, 2);
    tick();
    open = true;
    tick();
    expect(transport.seqs('slow'), 'seqs 1 and 2 are the oldest, so they go').toEqual([3, 4, 5]);
  });

  it('[R3] counts drops per user and in total', () => {
    const { server, transport, tick } = createHarness(2, 'general', ['stuck', 'trickle', 'fast']);
    transport.rule = perUser({
      stuck: () => 'busy',
      trickle: ({ tick: now, sentThisTick }) => (now === 1 && sentThisTick === 0 ? 'sent' : 'busy'),
    });
    broadcastMany(server, 2);
    tick();
    broadcastMany(server, 2);
    tick();
    // With room for 2: stuck held 2 and got 2 more, so 2 dropped; trickle had sent 1 and held 1,
    // so 1 dropped; fast had sent everything, so none.
    expect(server.userMetrics('general', 'stuck')?.dropped, 'drops of stuck').toBe(2);
    expect(server.userMetrics('general', 'trickle')?.dropped, 'drops of trickle').toBe(1);
    expect(server.userMetrics('general', 'fast')?.dropped, 'drops of fast').toBe(0);
    expect(server.metrics().dropped, 'drops over the server').toBe(3);
  });

  it('[R3] keeps enqueued = delivered + dropped + queued, per user and in total, on every tick', () => {
    const users = ['fast', 'half', 'third', 'stuck'];
    const { server, transport, tick } = createHarness(4, 'general', users);
    const rules: Record<string, Rule> = {
      half: ({ tick: now, sentThisTick }) => (now % 2 === 0 && sentThisTick < 2 ? 'sent' : 'busy'),
      third: ({ tick: now, sentThisTick }) =>
        now % 3 === 0 && sentThisTick === 0 ? 'sent' : 'busy',
      stuck: ({ tick: now }) => (now > 30 ? 'sent' : 'busy'),
    };
    transport.rule = perUser(rules);
    let broadcasts = 0;
    for (let k = 1; k <= 40; k++) {
      const burst = k <= 25 ? (k * 7) % 4 : 0;
      broadcasts += burst;
      broadcastMany(server, burst);
      tick();
      const sum: DeliveryMetrics = { enqueued: 0, delivered: 0, dropped: 0, failed: 0, queued: 0 };
      for (const user of users) {
        const metrics = server.userMetrics('general', user);
        const where = `${user} after tick ${k}`;
        expect(metrics, where).toBeDefined();
        if (metrics === undefined) return;
        expect(metrics.enqueued, `${where}: enqueued`).toBe(broadcasts);
        expect(metrics.delivered, `${where}: delivered`).toBe(transport.seqs(user).length);
        expect(metrics.enqueued, `${where}: enqueued = delivered + dropped + queued`).toBe(
          metrics.delivered + metrics.dropped + metrics.queued,
        );
        sum.enqueued += metrics.enqueued;
        sum.delivered += metrics.delivered;
        sum.dropped += metrics.dropped;
        sum.queued += metrics.queued;
      }
      const total = server.metrics();
      expect(total.enqueued, `totals after tick ${k}: enqueued`).toBe(sum.enqueued);
      expect(total.delivered, `totals after tick ${k}: delivered`).toBe(sum.delivered);
      expect(total.dropped, `totals after tick ${k}: dropped`).toBe(sum.dropped);
      expect(total.queued, `totals after tick ${k}: queued`).toBe(sum.queued);
    }
    expect(server.metrics().queued, 'everything drained by the end').toBe(0);
    expect(server.metrics().dropped, 'the slow users did overflow').toBeGreaterThan(0);
  });
});
