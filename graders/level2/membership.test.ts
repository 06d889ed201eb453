import { describe, expect, it } from 'vitest';
import { broadcastMany, createHarness, range, sorted } from './support/harness.js';

// R6 is about who is a member. Messages queue because no tick runs between broadcasts, the
// transport takes everything, and deliveries are compared as multisets.

describe('membership changes mid-stream', () => {
  it('[R6] a user who leaves receives nothing more, not even what was queued for them', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'leaver']);
    broadcastMany(server, 3);
    server.leave('general', 'leaver');
    broadcastMany(server, 3);
    tick(7);
    expect(transport.callsTo('leaver'), 'no offers to a user who left').toEqual([]);
    expect(sorted(transport.seqs('ada')), 'ada, who stayed, gets everything').toEqual(range(1, 6));
  });

  it('[R6] every leaver stops receiving, whatever their place in the join order', () => {
    const users = ['ann', 'ben', 'stay', 'cat', 'dan'];
    const { server, transport, tick } = createHarness(16, 'general', users);
    const leftAt = new Map<string, number>();
    let now = 0;
    for (const leaver of ['ben', 'ann', 'dan', 'cat']) {
      broadcastMany(server, 2);
      server.leave('general', leaver);
      leftAt.set(leaver, now);
      broadcastMany(server, 2);
      tick();
      now++;
    }
    tick(16);
    for (const [leaver, tickOfLeave] of leftAt) {
      const late = transport.callsTo(leaver).filter((call) => call.tick > tickOfLeave);
      expect(late, `offers to ${leaver} after leaving`).toEqual([]);
    }
    expect(sorted(transport.seqs('stay')), 'the member who stayed gets everything').toEqual(
      range(1, 16),
    );
  });

  it("[R6] frees a leaver's buffer: their counters go, and what was queued counts as dropped", () => {
    const { server, tick } = createHarness(16, 'general', ['ada', 'leaver']);
    broadcastMany(server, 4);
    expect(server.metrics(), 'both members hold 4').toMatchObject({ enqueued: 8, queued: 8 });
    server.leave('general', 'leaver');
    expect(server.userMetrics('general', 'leaver'), 'a user who left has no counters').toBe(
      undefined,
    );
    expect(server.metrics(), "the leaver's 4 move from queued to dropped").toMatchObject({
      enqueued: 8,
      dropped: 4,
      queued: 4,
    });
    tick(4);
    expect(server.metrics(), "once ada is served, only the leaver's drops remain").toMatchObject({
      dropped: 4,
      queued: 0,
    });
  });

  it('[R6] a user who joins mid-stream receives only messages broadcast after joining', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada']);
    broadcastMany(server, 5);
    server.join('general', 'late');
    broadcastMany(server, 5);
    tick(10);
    expect(sorted(transport.seqs('late'))).toEqual(range(6, 10));
    expect(sorted(transport.seqs('ada'))).toEqual(range(1, 10));
  });

  it('[R6] a user who leaves and rejoins starts over with an empty buffer and fresh counters', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'bob']);
    broadcastMany(server, 3);
    server.leave('general', 'ada');
    server.join('general', 'ada');
    broadcastMany(server, 2);
    tick(2);
    expect(sorted(transport.seqs('ada')), 'only the messages after rejoining').toEqual([4, 5]);
    expect(server.userMetrics('general', 'ada'), 'counters start over').toMatchObject({
      enqueued: 2,
      delivered: 2,
      dropped: 0,
    });
  });

  it('[R6] a member who leaves from inside a send is offered nothing more, in that tick or later', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'bob', 'cy']);
    let leftAtCall = -1;
    transport.rule = ({ userId }) => {
      // On ada's second offer her link reports the two of them gone (a kick, a closed socket).
      if (userId === 'ada' && transport.callsTo('ada').length === 1) {
        server.leave('general', 'ada');
        server.leave('general', 'bob');
        leftAtCall = transport.calls.length;
      }
      return 'sent';
    };
    broadcastMany(server, 4);
    tick(4);
    expect(leftAtCall, 'ada was offered a second message').toBeGreaterThan(0);
    const late = transport.calls
      .slice(leftAtCall + 1)
      .filter((c) => c.userId === 'ada' || c.userId === 'bob');
    expect(late, 'offers to ada or bob after they left').toEqual([]);
    broadcastMany(server, 2);
    tick(6);
    expect(transport.callsTo('ada'), 'ada was offered 2 messages in all').toHaveLength(2);
    expect(sorted(transport.seqs('cy')), 'cy, who stayed, gets everything').toEqual(range(1, 6));
    // Ada and bob had 4 each; ada's second offer was in flight when she left, so it is dropped too.
    const dropped = 4 - (transport.seqs('ada').length - 1) + (4 - transport.seqs('bob').length);
    expect(server.metrics(), 'what ada and bob had left counts as dropped, once').toMatchObject({
      dropped,
      queued: 0,
    });
  });
});
