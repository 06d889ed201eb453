import { describe, expect, it } from 'vitest';
import type { Message } from '#attempt/models';
import { ChatServer } from '#attempt/server';
import type { SendResult, Transport } from '#attempt/transport';

/** A transport the server has never seen: it writes each delivery down as a line of text. */
class LogbookTransport implements Transport {
  readonly lines: string[] = [];

  send(userId: string, message: Message): SendResult {
    this.lines.push(`${userId} <- #${message.seq} ${message.text}`);
    return 'sent';
  }
}

/** Refuses the first offer of every message, then takes it when it comes back. */
class HesitantTransport implements Transport {
  readonly offers: string[] = [];
  readonly #seen = new Set<string>();

  send(userId: string, message: Message): SendResult {
    const key = `${userId}/${message.seq}`;
    this.offers.push(key);
    if (this.#seen.has(key)) return 'sent';
    this.#seen.add(key);
    return 'busy';
  }
}

describe('transport abstraction', () => {
  it('[R4] delivers through a transport defined in the test file', () => {
    const transport = new LogbookTransport();
    const server = new ChatServer({ transport, bufferSize: 4 });
    server.join('general', 'ada');
    server.join('general', 'grace');
    server.broadcast('general', 'ada', 'hi');
    server.tick();
    expect(transport.lines.toSorted()).toEqual(['ada <- #1 hi', 'grace <- #1 hi']);
  });

  it('[R4] offers a message the transport refused again on the next tick', () => {
    const transport = new HesitantTransport();
    const server = new ChatServer({ transport, bufferSize: 4 });
    server.join('general', 'ada');
    server.broadcast('general', 'host', 'first');
    server.broadcast('general', 'host', 'second');

    server.tick();
    expect(transport.offers, 'busy ends the turn for this tick').toHaveLength(1);
    const refused = transport.offers[0];
    server.tick();
    expect(transport.offers[1], 'the refused message comes back first').toBe(refused);
    server.tick();
    server.tick();
    expect(transport.offers.toSorted(), 'each offered twice: refused once, then taken').toEqual([
      'ada/1',
      'ada/1',
      'ada/2',
      'ada/2',
    ]);
  });
});
