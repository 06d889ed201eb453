import { describe, expect, it } from 'vitest';
import { runTicks } from '#attempt/clock';
import { ChatServer } from '#attempt/server';
import { InMemoryTransport } from '#attempt/transport';

/** A user with a buffer of 3 who is sent 10 messages before the first of 3 ticks. */
function floodOneUser() {
  const inbox = new InMemoryTransport();
  const server = new ChatServer({ transport: inbox, bufferSize: 3 });
  server.join('general', 'ada');
  for (let i = 1; i <= 10; i++) server.broadcast('general', 'host', `message ${i}`);
  runTicks(server, 3);
  return { inbox, server };
}

describe('per-user buffer and drop policy', () => {
  it('[R2] holds 3 of 10 rapid messages when the buffer holds 3', () => {
    const { inbox } = floodOneUser();
    expect(inbox.seqs('ada')).toHaveLength(3);
  });

  it('[R3] keeps the newest messages (8, 9 and 10) and counts the others as dropped', () => {
    const { inbox, server } = floodOneUser();
    const kept = inbox.seqs('ada').toSorted((a, b) => a - b);
    const newest = Array.from({ length: kept.length }, (_, i) => 11 - kept.length + i);
    expect(kept, 'the newest messages survive, 10 included').toEqual(newest);
    const dropped = 10 - kept.length;
    expect(server.userMetrics('general', 'ada')?.dropped, 'drops of this user').toBe(dropped);
    expect(server.metrics().dropped, 'drops over the whole server').toBe(dropped);
  });
});
