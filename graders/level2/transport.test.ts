import { describe, expect, it } from 'vitest';
import type { SendCall } from './support/harness.js';
import { broadcastMany, createHarness, perUser, range, sorted } from './support/harness.js';

// R4 is about what a busy answer and a throw do to the message offered and to the member's turn.
// Deliveries are compared as multisets: the order of a member's stream is R5's business.

/** `tick:seq:outcome` of each offer, to read in a failure. */
const show = (calls: SendCall[]) => calls.map((c) => `${c.tick}:${c.seq}:${c.outcome}`).join(' ');

describe('transport abstraction: busy and broken links', () => {
  it('[R4] offers a refused (busy) message again on the next tick: the same message, once delivered', () => {
    const { server, transport, tick } = createHarness(8, 'general', ['ada', 'bob']);
    transport.rule = perUser({
      bob: ({ tick: now, message }) =>
        now <= 2 || (now === 3 && message.seq === 2) ? 'busy' : 'sent',
    });
    broadcastMany(server, 3);
    tick(5);
    const calls = transport.callsTo('bob');
    calls.forEach((call, i) => {
      if (call.outcome !== 'busy') return;
      const next = calls[i + 1];
      const where = `after bob refused seq ${call.seq} on tick ${call.tick}: ${show(calls)}`;
      expect(next?.seq, where).toBe(call.seq);
      expect(next?.tick, where).toBe(call.tick + 1);
    });
    expect(sorted(transport.seqs('bob')), 'every message arrives exactly once').toEqual([1, 2, 3]);
    expect(sorted(transport.seqs('ada')), 'ada never waits for bob').toEqual([1, 2, 3]);
  });

  it('[R4] loses nothing to busy answers while new messages keep arriving', () => {
    const { server, transport, tick } = createHarness(100, 'general', ['bob']);
    transport.rule = ({ tick: now, message }) => ((now + message.seq) % 3 === 0 ? 'sent' : 'busy');
    for (let k = 1; k <= 30; k++) {
      broadcastMany(server, k % 2);
      tick();
    }
    tick(60);
    const calls = transport.callsTo('bob');
    expect(
      calls.some((call) => call.outcome === 'busy'),
      'bob did refuse messages',
    ).toBe(true);
    expect(sorted(transport.seqs('bob')), 'every message arrives exactly once').toEqual(
      range(1, 15),
    );
  });

  it("[R4] a user whose transport throws does not stop delivery to the others, and it's counted", () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'broken', 'grace']);
    transport.rule = perUser({ broken: () => 'throw' });
    for (let k = 1; k <= 3; k++) {
      broadcastMany(server, 3);
      expect(() => tick(), 'tick() must survive a throwing transport').not.toThrow();
    }
    expect(() => tick(20)).not.toThrow();
    expect(sorted(transport.seqs('ada'))).toEqual(range(1, 9));
    expect(sorted(transport.seqs('grace'))).toEqual(range(1, 9));
    const broken = server.userMetrics('general', 'broken');
    expect(broken?.failed, 'every send to broken threw').toBe(9);
    expect(broken?.delivered).toBe(0);
    expect(broken?.queued, 'a failed message is not retried forever').toBe(0);
    expect(server.metrics().failed, 'failures over the server').toBe(9);
  });

  it("[R4] a throw ends only that member's turn: every other member is served in the same tick", () => {
    // Every member's first offer throws, so whatever order the server serves them in, a throw that
    // ended the whole tick would leave someone unserved.
    const users = ['ada', 'bob', 'cy', 'dee', 'eve'];
    const { server, transport, tick } = createHarness(8, 'general', users);
    transport.rule = ({ userId }) => (transport.callsTo(userId).length === 0 ? 'throw' : 'sent');
    broadcastMany(server, 1);
    tick();
    for (const user of users) {
      expect(transport.callsTo(user), `offers to ${user} in tick 1`).toHaveLength(1);
      expect(server.userMetrics('general', user)?.failed, `failures of ${user}`).toBe(1);
    }
    broadcastMany(server, 2);
    tick(2);
    for (const user of users) {
      expect(transport.seqs(user), `${user} gets the next two`).toHaveLength(2);
    }
  });

  it('[R4] discards a message whose send threw, and keeps delivering the rest', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['flaky', 'ada']);
    // Seq 2 throws the first time only: a server that offered it again would get it through.
    transport.rule = perUser({
      flaky: ({ message }) =>
        message.seq === 2 && !transport.callsTo('flaky').some((c) => c.seq === 2)
          ? 'throw'
          : 'sent',
    });
    broadcastMany(server, 4);
    tick(5);
    expect(sorted(transport.seqs('flaky')), 'seq 2 is lost, the rest arrive').toEqual([1, 3, 4]);
    expect(
      transport.callsTo('flaky').filter((call) => call.seq === 2),
      'a message whose send threw is not offered again',
    ).toHaveLength(1);
    expect(sorted(transport.seqs('ada'))).toEqual([1, 2, 3, 4]);
    expect(server.userMetrics('general', 'flaky')?.failed).toBe(1);
  });

  it('[R4] a throw moves the message from queued to failed, per member and in total', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['flaky']);
    transport.rule = () => (transport.callsTo('flaky').length === 0 ? 'throw' : 'sent');
    broadcastMany(server, 5);
    tick();
    const after = { enqueued: 5, dropped: 0, failed: 1, queued: 4 };
    expect(server.userMetrics('general', 'flaky'), 'flaky after the throw').toMatchObject(after);
    expect(server.metrics(), 'the totals after the throw').toMatchObject(after);
    tick(4);
    expect(server.metrics(), 'the totals once flaky is served').toMatchObject({
      failed: 1,
      queued: 0,
    });
  });
});
