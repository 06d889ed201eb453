import { describe, expect, it } from 'vitest';
import { runTicks, TickClock } from '#attempt/clock';
import { ChatServer } from '#attempt/server';
import { InMemoryTransport, SlowTransport } from '#attempt/transport';

describe('ordering per user', () => {
  it("[R5] delivers each user's messages in increasing seq order", () => {
    const clock = new TickClock();
    const inbox = new InMemoryTransport();
    const slow = new SlowTransport(inbox, { clock, ticksPerMessage: 3, users: ['slow'] });
    const transport = new SlowTransport(slow, { clock, ticksPerMessage: 2, users: ['medium'] });
    const server = new ChatServer({ transport, clock, bufferSize: 100 });
    const users = ['fast', 'medium', 'slow'];
    for (const user of users) server.join('general', user);

    for (let i = 1; i <= 20; i++) {
      server.broadcast('general', 'host', `message ${i}`);
      if (i % 3 === 0) server.tick();
    }
    runTicks(server, 80);

    expect(inbox.seqs('fast').length, 'the fast user got messages').toBeGreaterThan(1);
    for (const user of users) {
      const seqs = inbox.seqs(user);
      expect(seqs, `seqs delivered to ${user}, in order`).toEqual(seqs.toSorted((a, b) => a - b));
    }
  });
});
