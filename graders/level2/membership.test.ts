import { describe, expect, it } from 'vitest';
import { broadcastMany, createHarness, perUser, range } from './support/harness.js';

describe('membership changes mid-stream', () => {
  it('[R6] a user removed mid-stream receives nothing more, not even what was queued', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'leaver']);
    transport.rule = perUser({ leaver: ({ tick: now }) => (now <= 1 ? 'busy' : 'sent') });
    broadcastMany(server, 3);
    tick();
    server.leave('general', 'leaver');
    broadcastMany(server, 3);
    tick(10);
    const late = transport.callsTo('leaver').filter((call) => call.tick > 1);
    expect(late, 'no offers to a user who left').toEqual([]);
    expect(transport.seqs('leaver')).toEqual([]);
    expect(transport.seqs('ada')).toEqual(range(1, 6));
  });

  it("[R6] releases a removed user's buffer: it leaves the metrics and the queued count", () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'leaver']);
    transport.rule = perUser({
      ada: ({ tick: now }) => (now <= 1 ? 'busy' : 'sent'),
      leaver: () => 'busy',
    });
    broadcastMany(server, 4);
    tick();
    expect(server.metrics().queued, 'both users hold 4').toBe(8);
    server.leave('general', 'leaver');
    expect(
      server.userMetrics('general', 'leaver'),
      'a user who left has no buffer',
    ).toBeUndefined();
    expect(server.metrics().queued, "only ada's 4 are still queued").toBe(4);
    tick();
    expect(server.metrics().queued, 'nothing is left once ada is served').toBe(0);
  });

  it('[R6] a user added mid-stream receives only messages broadcast after joining', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada']);
    transport.rule = perUser({ ada: ({ tick: now }) => (now <= 2 ? 'busy' : 'sent') });
    broadcastMany(server, 5);
    tick();
    server.join('general', 'late');
    broadcastMany(server, 5);
    tick(5);
    expect(transport.seqs('late')).toEqual(range(6, 10));
    expect(transport.seqs('ada')).toEqual(range(1, 10));
  });

  it('[R6] a user who leaves and rejoins starts over with an empty buffer', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada']);
    let open = false;
    transport.rule = () => (open ? 'sent' : 'busy');
    broadcastMany(server, 3);
    tick();
    server.leave('general', 'ada');
    server.join('general', 'ada');
    broadcastMany(server, 2);
    open = true;
    tick();
    expect(transport.seqs('ada'), 'only the messages after rejoining').toEqual([4, 5]);
    expect(server.userMetrics('general', 'ada')?.enqueued, 'counters start over').toBe(2);
  });
});
