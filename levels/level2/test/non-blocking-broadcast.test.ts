import { describe, expect, it } from 'vitest';
import { TickClock } from '#attempt/clock';
import { ChatServer } from '#attempt/server';
import { InMemoryTransport, SlowTransport } from '#attempt/transport';

describe('non-blocking broadcast', () => {
  it('[R1] delivers to a fast user on the first tick while a slow user is still busy', () => {
    const clock = new TickClock();
    const inbox = new InMemoryTransport();
    const transport = new SlowTransport(inbox, { clock, ticksPerMessage: 3, users: ['slow'] });
    const server = new ChatServer({ transport, clock, bufferSize: 8 });
    server.join('general', 'slow');
    server.join('general', 'fast');

    server.broadcast('general', 'host', 'hello');
    expect(inbox.seqs('fast'), 'broadcast() only queues; sending happens in tick()').toEqual([]);

    server.tick();
    expect(inbox.seqs('fast'), 'the fast user must not wait for the slow one').toEqual([1]);
    expect(inbox.seqs('slow'), 'the slow link needs 3 ticks for one message').toEqual([]);

    server.tick();
    expect(inbox.seqs('fast'), 'the fast user has nothing more to wait for').toEqual([1]);
    expect(inbox.seqs('slow'), 'the slow link is still busy').toEqual([]);
  });

  it('[R1] sends a fast user everything queued in one tick while a slow user lags behind', () => {
    const clock = new TickClock();
    const inbox = new InMemoryTransport();
    const transport = new SlowTransport(inbox, { clock, ticksPerMessage: 3, users: ['slow'] });
    const server = new ChatServer({ transport, clock, bufferSize: 8 });
    server.join('general', 'slow');
    server.join('general', 'fast');

    for (const text of ['one', 'two', 'three']) server.broadcast('general', 'host', text);
    server.tick();
    expect(inbox.seqs('fast').toSorted()).toEqual([1, 2, 3]);
    expect(inbox.seqs('slow')).toEqual([]);

    server.broadcast('general', 'host', 'four');
    server.tick();
    expect(inbox.seqs('fast'), 'a new message reaches the fast user on the next tick').toContain(4);
    expect(inbox.seqs('slow')).toEqual([]);
  });
});
