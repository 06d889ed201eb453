import { describe, expect, it } from 'vitest';
import type { DeliveryMetrics } from '#attempt/models';
import { broadcastMany, createHarness, range, sorted } from './support/harness.js';

// R3 is about which message a full buffer gives up and how the counters add up. Buffers fill only
// because no tick runs between broadcasts; the transport always takes what it is offered (busy
// answers and throws are R4's, leavers R6's), and what is compared does not depend on how many
// messages a buffer holds (R2).

const ZERO: DeliveryMetrics = { enqueued: 0, delivered: 0, dropped: 0, failed: 0, queued: 0 };

function add(sum: DeliveryMetrics, metrics: DeliveryMetrics): DeliveryMetrics {
  return {
    enqueued: sum.enqueued + metrics.enqueued,
    delivered: sum.delivered + metrics.delivered,
    dropped: sum.dropped + metrics.dropped,
    failed: sum.failed + metrics.failed,
    queued: sum.queued + metrics.queued,
  };
}

describe('drop policy and metrics', () => {
  it("[R3] drops the oldest queued messages, not the newest, when a member's buffer is full", () => {
    const { server, transport, tick } = createHarness(3, 'general', ['ada']);
    broadcastMany(server, 5);
    tick(5);
    const first = sorted(transport.seqs('ada'));
    expect(first.length, 'a buffer of 3 overflowed with 5').toBeLessThan(5);
    expect(first, 'the newest messages survive: the last of them, 5, included').toEqual(
      range(6 - first.length, 5),
    );
    broadcastMany(server, 7);
    tick(7);
    const second = sorted(transport.seqs('ada').slice(first.length));
    expect(second.length, 'it overflowed again with 7').toBeLessThan(7);
    expect(second, 'again the newest survive, up to 12').toEqual(range(13 - second.length, 12));
  });

  it('[R3] counts every dropped message, per member and in total', () => {
    const { server, transport, tick } = createHarness(4, 'general', ['ada']);
    broadcastMany(server, 6);
    server.join('general', 'bob');
    broadcastMany(server, 3);
    server.join('general', 'cy');
    tick(9);
    // Everything still queued went out on the tick, so what did not arrive was dropped.
    const sent = { ada: 9, bob: 3, cy: 0 };
    let total = 0;
    for (const [user, count] of Object.entries(sent)) {
      const lost = count - transport.seqs(user).length;
      expect(server.userMetrics('general', user)?.dropped, `drops of ${user}`).toBe(lost);
      total += lost;
    }
    expect(total, 'ada overflowed').toBeGreaterThan(0);
    expect(server.metrics().dropped, 'drops over the server').toBe(total);
  });

  it('[R3] has no counters for a user who is not a member, nor in a room nobody joined', () => {
    const { server } = createHarness(4, 'general', ['ada']);
    expect(server.userMetrics('general', 'bob'), 'bob never joined general').toBe(undefined);
    expect(server.userMetrics('nowhere', 'ada'), 'nobody joined nowhere').toBe(undefined);
    expect(server.userMetrics('general', 'ada'), 'ada did join').toBeDefined();
  });

  it('[R3] keeps enqueued = delivered + dropped + failed + queued, per member and in total', () => {
    const { server, transport, tick } = createHarness(4);
    const members: Array<[room: string, user: string]> = [];
    const joined = new Map<string, number>();
    const join = (room: string, user: string) => {
      server.join(room, user);
      members.push([room, user]);
      joined.set(`${room}/${user}`, 0);
    };
    const check = (when: string) => {
      let sum = ZERO;
      for (const [room, user] of members) {
        const metrics = server.userMetrics(room, user);
        const where = `${user} in ${room} ${when}`;
        expect(metrics, where).toBeDefined();
        if (metrics === undefined) return;
        expect(metrics.enqueued, `${where}: enqueued`).toBe(joined.get(`${room}/${user}`));
        expect(metrics.delivered, `${where}: delivered`).toBe(transport.seqs(user, room).length);
        expect(metrics.failed, `${where}: failed`).toBe(0);
        expect(metrics.enqueued, `${where}: enqueued = delivered + dropped + failed + queued`).toBe(
          metrics.delivered + metrics.dropped + metrics.failed + metrics.queued,
        );
        sum = add(sum, metrics);
      }
      expect(server.metrics(), `the totals ${when} are the sums over members`).toMatchObject(sum);
    };
    const send = (room: string, count: number) => {
      broadcastMany(server, count, room);
      for (const [member, user] of members) {
        const key = `${member}/${user}`;
        if (member === room) joined.set(key, (joined.get(key) ?? 0) + count);
      }
    };
    join('red', 'ada');
    join('red', 'bob');
    join('blue', 'ada');
    for (let step = 1; step <= 12; step++) {
      send(step % 3 === 0 ? 'blue' : 'red', (step * 5) % 7);
      check(`after burst ${step}`);
      if (step === 4) join('blue', 'cy');
      if (step === 7) join('red', 'dee');
      if (step % 2 === 0) {
        tick();
        check(`after the tick of step ${step}`);
      }
    }
    tick(8);
    check('at the end');
    expect(server.metrics().dropped, 'the buffers did overflow').toBeGreaterThan(0);
    expect(server.metrics().queued, 'everything drained by the end').toBe(0);
  });

  it('[R3] a broadcast from inside a send to a full buffer drops the oldest, even the one in flight', () => {
    const { server, transport, tick } = createHarness(1, 'general', ['bot']);
    let answered = false;
    transport.rule = () => {
      // The bot answers the first message it gets, while its buffer is full.
      if (!answered) {
        answered = true;
        server.broadcast('general', 'bot', 'reply');
      }
      return 'sent';
    };
    broadcastMany(server, 10);
    tick(4);
    // The reply evicted the oldest message, the one being sent: it counts as dropped, not as
    // delivered, and the reply goes out after it.
    const received = transport.seqs('bot');
    expect(received, 'the reply, seq 11, reached the bot').toContain(11);
    const metrics = server.userMetrics('general', 'bot');
    expect(metrics, 'the counters of the bot').toMatchObject({
      enqueued: 11,
      delivered: received.length - 1,
      dropped: 11 - (received.length - 1),
      failed: 0,
      queued: 0,
    });
    expect(server.metrics(), 'the totals').toMatchObject(metrics ?? {});
  });
});
