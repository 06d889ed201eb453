import { describe, expect, it } from 'vitest';
import { runTicks, TickClock } from '#attempt/clock';
import { ChatServer } from '#attempt/server';
import { InMemoryTransport, SlowTransport } from '#attempt/transport';

/** A slow user with a buffer of 3 who is sent 10 messages before the first tick. */
function floodSlowUser() {
  const clock = new TickClock();
  const inbox = new InMemoryTransport();
  const transport = new SlowTransport(inbox, { clock, ticksPerMessage: 3, users: ['slow'] });
  const server = new ChatServer({ transport, clock, bufferSize: 3 });
  server.join('general', 'slow');
  for (let i = 1; i <= 10; i++) server.broadcast('general', 'host', `message ${i}`);
  runTicks(server, 12);
  return { inbox, server };
}

describe('per-user buffer and drop policy', () => {
  it('[R2] delivers only the newest 3 of 10 rapid messages when the buffer holds 3', () => {
    const { inbox } = floodSlowUser();
    expect(inbox.seqs('slow')).toEqual([8, 9, 10]);
  });

  it('[R3] counts the 7 dropped messages for the user and in total', () => {
    const { server } = floodSlowUser();
    expect(server.userMetrics('general', 'slow')?.dropped, 'drops of this user').toBe(7);
    expect(server.metrics().dropped, 'drops over the whole server').toBe(7);
  });
});
