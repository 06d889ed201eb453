import { describe, expect, it } from 'vitest';
import { TickClock } from '#attempt/clock';
import { ChatServer } from '#attempt/server';
import {
  broadcastMany,
  createHarness,
  everyNthTick,
  perUser,
  range,
  ScriptedTransport,
  sorted,
} from './support/harness.js';

// R1 is about who gets a turn and when, so these tests compare what was delivered as multisets:
// the order within a user's stream is R5's business, what a busy answer does to a message R4's.

describe('non-blocking broadcast', () => {
  it('[R1] broadcast only queues: the transport is not called until tick()', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'grace', 'linus']);
    broadcastMany(server, 5);
    expect(transport.calls, 'broadcast() must not send inline').toEqual([]);
    tick();
    for (const user of ['ada', 'grace', 'linus']) {
      expect(sorted(transport.seqs(user)), `${user} gets all 5 on the first tick`).toEqual(
        range(1, 5),
      );
    }
  });

  it("[R1] a slow user's backlog never delays the fast users of the room", () => {
    const fast = range(1, 50).map((i) => `fast-${i}`);
    const { server, transport, tick } = createHarness(100, 'general', ['slow', ...fast]);
    transport.rule = perUser({ slow: everyNthTick(5) });
    for (let k = 1; k <= 20; k++) {
      server.broadcast('general', 'host', `message ${k}`);
      tick();
      for (const user of fast) {
        expect(sorted(transport.seqs(user)), `${user} after tick ${k}`).toEqual(range(1, k));
      }
    }
  });

  it('[R1] gives every member a turn on every tick, however many of them are stuck', () => {
    // Stuck and fast members alternate in join order, in name order and in reverse, so the order
    // the server serves them in (which is up to the candidate) cannot hide a tick that stops early.
    const users = range(0, 19).map((i) => `u${String(i).padStart(2, '0')}`);
    const stuck = users.filter((_, i) => i % 2 === 0);
    const fast = users.filter((_, i) => i % 2 === 1);
    const { server, transport, tick } = createHarness(8, 'general', users);
    transport.rule = perUser(Object.fromEntries(stuck.map((user) => [user, () => 'busy'])));
    for (let k = 1; k <= 3; k++) {
      broadcastMany(server, 2);
      tick();
      for (const user of fast) {
        expect(sorted(transport.seqs(user)), `${user} after tick ${k}`).toEqual(range(1, 2 * k));
      }
      for (const user of stuck) {
        const offers = transport.callsTo(user).filter((call) => call.tick === k);
        expect(offers, `offers to ${user} in tick ${k}: one, refused, ends the turn`).toHaveLength(
          1,
        );
      }
    }
  });

  it('[R1] a tick with nothing queued makes no transport calls', () => {
    const { server, transport, tick } = createHarness(8, 'general', ['ada', 'grace']);
    tick(3);
    expect(transport.calls, 'nothing was broadcast yet').toEqual([]);
    broadcastMany(server, 2);
    tick();
    const callsAfterDelivery = transport.calls.length;
    expect(callsAfterDelivery, 'two messages for two users').toBe(4);
    tick(5);
    expect(transport.calls, 'everything was delivered already').toHaveLength(callsAfterDelivery);
  });

  it('[R1] tick() advances the clock by one, before it sends', () => {
    const clock = new TickClock();
    const transport = new ScriptedTransport();
    const seen: number[] = [];
    transport.rule = () => {
      seen.push(clock.now);
      return 'sent';
    };
    const server = new ChatServer({ transport, clock, bufferSize: 8 });
    server.join('general', 'ada');
    server.broadcast('general', 'host', 'one');
    expect(clock.now, 'broadcast does not move the clock').toBe(0);
    server.tick();
    expect(seen, 'the send of the first tick happens at tick 1').toEqual([1]);
    server.tick();
    server.tick();
    expect(clock.now, 'ticks with nothing to send still advance the clock').toBe(3);
    server.broadcast('general', 'host', 'two');
    server.tick();
    expect(seen, 'the send of the fourth tick happens at tick 4').toEqual([1, 4]);
  });

  it('[R1] a message broadcast from inside a send is queued, and goes out on that tick or the next', () => {
    const { server, transport, tick } = createHarness(16, 'general', ['ada', 'bot']);
    let answered = false;
    transport.rule = ({ userId }) => {
      // A bot whose link answers the first message it gets with a message of its own.
      if (userId === 'bot' && !answered) {
        answered = true;
        server.broadcast('general', 'bot', 'hello to you too');
      }
      return 'sent';
    };
    server.broadcast('general', 'host', 'hello');
    tick();
    expect(answered, 'the bot was offered the first message on tick 1').toBe(true);
    tick();
    expect(sorted(transport.seqs('ada')), 'ada has the message and the reply').toEqual([1, 2]);
    expect(new Set(transport.seqs('bot')), 'so has the bot').toEqual(new Set([1, 2]));
  });
});
