import { describe, expect, it } from 'vitest';
import { createHarness, everyNthTick, perUser, type Rule } from './support/harness.js';

// R5 is about order only: each test checks that what a member received arrives in increasing seq
// order, not that everything arrived (R2, R3 and R4 judge what is kept, dropped and retried).

/**
 * Asserts each seq is larger than the one before. `atLeast` guards against a vacuous pass, for
 * users whose link takes everything (busy answers may cost a wrong server messages, not order).
 */
function expectIncreasing(seqs: number[], who: string, atLeast = 0): void {
  expect(seqs.length, `${who} received messages`).toBeGreaterThanOrEqual(atLeast);
  seqs.forEach((seq, i) => {
    const previous = seqs[i - 1];
    if (previous !== undefined) {
      expect(seq, `${who}: seq ${seq} delivered after ${previous}, in ${seqs}`).toBeGreaterThan(
        previous,
      );
    }
  });
}

/** A link that takes at most `quota` messages per tick. */
const upTo =
  (quota: number): Rule =>
  ({ sentThisTick }) =>
    sentThisTick < quota ? 'sent' : 'busy';

describe('ordering per user', () => {
  it("[R5] keeps each user's seqs strictly increasing through busy retries and drops", () => {
    const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
    const { server, transport, tick } = createHarness(5, 'general', users);
    const rules: Record<string, Rule> = {};
    users.forEach((user, i) => {
      rules[user] = ({ tick: now, message, sentThisTick }) =>
        (now * (i + 1) + message.seq) % (i + 2) === 0 || sentThisTick > i ? 'busy' : 'sent';
    });
    transport.rule = perUser(rules);
    for (let k = 1; k <= 40; k++) {
      for (let j = 0; j < (k * 5) % 4; j++) server.broadcast('general', 'host', 'x');
      tick();
    }
    tick(200);
    for (const user of users) expectIncreasing(transport.seqs(user), user);
    const total = users.reduce((sum, user) => sum + transport.seqs(user).length, 0);
    expect(total, 'the users received many messages between them').toBeGreaterThan(20);
  });

  it('[R5] keeps order while a backlog of hundreds builds up and drains in part on every tick', () => {
    const { server, transport, tick } = createHarness(1_000, 'general', ['one', 'three', 'fast']);
    transport.rule = perUser({ one: upTo(1), three: upTo(3) });
    for (let k = 1; k <= 60; k++) {
      for (let j = 0; j < (k % 4) * 3; j++) server.broadcast('general', 'host', 'x');
      tick();
    }
    tick(400);
    expectIncreasing(transport.seqs('fast'), 'fast', 2);
    for (const user of ['one', 'three']) expectIncreasing(transport.seqs(user), user);
  });

  it('[R5] delivers in order to links of different speeds when no buffer overflows', () => {
    const users = ['fast', 'every2', 'every3', 'every4'];
    const { server, transport, tick } = createHarness(1000, 'general', users);
    transport.rule = perUser({
      every2: everyNthTick(2),
      every3: everyNthTick(3),
      every4: everyNthTick(4),
    });
    for (let k = 1; k <= 30; k++) {
      server.broadcast('general', 'host', `message ${k}`);
      if (k % 2 === 0) tick();
    }
    tick(150);
    expectIncreasing(transport.seqs('fast'), 'fast', 2);
    for (const user of users) expectIncreasing(transport.seqs(user), user);
  });

  it('[R5] keeps order within each room for a user who is in two rooms', () => {
    const { server, transport, tick } = createHarness(100);
    for (const room of ['red', 'blue']) {
      server.join(room, 'ada');
      server.join(room, 'slow');
    }
    transport.rule = perUser({ slow: everyNthTick(2) });
    for (let k = 1; k <= 12; k++) {
      server.broadcast(k % 3 === 0 ? 'blue' : 'red', 'host', `message ${k}`);
      if (k % 2 === 0) tick();
    }
    tick(40);
    expectIncreasing(transport.seqs('ada', 'red'), 'ada in red', 2);
    expectIncreasing(transport.seqs('ada', 'blue'), 'ada in blue', 2);
    expectIncreasing(transport.seqs('slow', 'red'), 'slow in red');
    expectIncreasing(transport.seqs('slow', 'blue'), 'slow in blue');
  });
});
