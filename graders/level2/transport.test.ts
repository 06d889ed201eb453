import { describe, expect, it } from 'vitest';
import { broadcastMany, createHarness, perUser, range } from './support/harness.js';

describe('transport abstraction: busy and broken links', () => {
  it('[R4] retries a refused (busy) message on the next tick: same message, no loss, no reorder', () => {
    const { server, transport, tick } = createHarness(8, 'general', ['ada', 'bob']);
    transport.rule = perUser({
      bob: ({ tick: now, message }) =>
        now <= 2 || (now === 3 && message.seq === 2) ? 'busy' : 'sent',
    });
    broadcastMany(server, 3);
    tick(4);
    const calls = transport
      .callsTo('bob')
      .map(({ tick: t, seq, outcome }) => `${t}:${seq}:${outcome}`);
    expect(calls, 'tick:seq:outcome of every offer to bob').toEqual([
      '1:1:busy',
      '2:1:busy',
      '3:1:sent',
      '3:2:busy',
      '4:2:sent',
      '4:3:sent',
    ]);
    expect(transport.seqs('bob')).toEqual([1, 2, 3]);
    expect(transport.seqs('ada'), 'ada never waits for bob').toEqual([1, 2, 3]);
  });

  it('[R4] keeps a refused message at the head while new messages keep arriving', () => {
    const { server, transport, tick } = createHarness(100, 'general', ['bob']);
    transport.rule = ({ tick: now, message }) => ((now + message.seq) % 3 === 0 ? 'sent' : 'busy');
    for (let k = 1; k <= 30; k++) {
      broadcastMany(server, k % 2);
      tick();
    }
    tick(60);
    const calls = transport.callsTo('bob');
    calls.forEach((call, i) => {
      const next = calls[i + 1];
      if (call.outcome !== 'busy' || next === undefined) return;
      expect(next.seq, `after bob refused seq ${call.seq} on tick ${call.tick}`).toBe(call.seq);
      expect(next.tick, `seq ${call.seq} is offered again on the next tick`).toBe(call.tick + 1);
    });
    expect(transport.seqs('bob'), 'every message arrives once, in order').toEqual(range(1, 15));
  });

  it("[R4] a user whose transport throws does not stop delivery to the others, and it's counted", () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'broken', 'grace']);
    transport.rule = perUser({ broken: () => 'throw' });
    for (let k = 1; k <= 3; k++) {
      broadcastMany(server, 3);
      expect(() => tick(), 'tick() must survive a throwing transport').not.toThrow();
    }
    expect(() => tick(20)).not.toThrow();
    expect(transport.seqs('ada')).toEqual(range(1, 9));
    expect(transport.seqs('grace')).toEqual(range(1, 9));
    const broken = server.userMetrics('general', 'broken');
    expect(broken?.failed, 'every send to broken threw').toBe(9);
    expect(broken?.delivered).toBe(0);
    expect(broken?.queued, 'a failed message is not retried forever').toBe(0);
    expect(server.metrics().failed, 'failures over the server').toBe(9);
  });

  it('[R4] keeps delivering to a user after one send to them threw', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['flaky', 'ada']);
    transport.rule = perUser({ flaky: ({ message }) => (message.seq === 2 ? 'throw' : 'sent') });
    broadcastMany(server, 4);
    tick(5);
    expect(transport.seqs('flaky'), 'seq 2 is lost, the rest arrive in order').toEqual([1, 3, 4]);
    expect(transport.seqs('ada')).toEqual([1, 2, 3, 4]);
    expect(server.userMetrics('general', 'flaky')?.failed).toBe(1);
  });
});
