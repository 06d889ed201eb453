import { describe, expect, it } from 'vitest';
import { createHarness, everyNthTick, perUser, type Rule, range } from './support/harness.js';

/** Asserts each seq is larger than the one before. */
function expectIncreasing(seqs: number[], who: string): void {
  seqs.forEach((seq, i) => {
    const previous = seqs[i - 1];
    if (previous !== undefined) {
      expect(seq, `${who}: seq ${seq} delivered after ${previous}`).toBeGreaterThan(previous);
    }
  });
}

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
    let last = 0;
    for (let k = 1; k <= 40; k++) {
      for (let j = 0; j < (k * 5) % 4; j++) last = server.broadcast('general', 'host', 'x').seq;
      tick();
    }
    tick(200);
    for (const user of users) {
      const seqs = transport.seqs(user);
      expectIncreasing(seqs, user);
      expect(seqs.length, `${user} got something`).toBeGreaterThan(0);
      expect(seqs.at(-1), `${user} got the last message`).toBe(last);
    }
  });

  it('[R5] delivers every message exactly once, in order, when no buffer overflows', () => {
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
    for (const user of users) expect(transport.seqs(user), user).toEqual(range(1, 30));
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
    for (const user of ['ada', 'slow']) {
      expect(transport.seqs(user, 'red'), `${user} in red`).toEqual(range(1, 8));
      expect(transport.seqs(user, 'blue'), `${user} in blue`).toEqual(range(1, 4));
    }
  });
});
