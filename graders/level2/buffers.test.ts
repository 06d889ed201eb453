import { describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import {
  broadcastMany,
  createHarness,
  perUser,
  range,
  ScriptedTransport,
} from './support/harness.js';

/** The error `new ChatServer({ bufferSize })` throws, or undefined when it does not throw. */
function constructionError(bufferSize: number): unknown {
  try {
    new ChatServer({ transport: new ScriptedTransport(), bufferSize });
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts that bufferSize is rejected with a RangeError naming the option and the value. */
function expectRejected(bufferSize: number): void {
  const error = constructionError(bufferSize);
  expect(error, `bufferSize ${bufferSize} must throw a RangeError`).toBeInstanceOf(RangeError);
  const message = error instanceof Error ? error.message : '';
  expect(message, 'the message names the option').toContain('bufferSize');
  expect(message, 'the message quotes the value').toContain(String(bufferSize));
}

describe('per-user buffers', () => {
  it("[R2] keeps one buffer per user: one user's overflow never drops another's messages", () => {
    const { server, transport, tick } = createHarness(4, 'general', ['blocked', 'ada']);
    let blocked = true;
    transport.rule = perUser({ blocked: () => (blocked ? 'busy' : 'sent') });
    for (let k = 1; k <= 10; k++) {
      server.broadcast('general', 'host', `message ${k}`);
      tick();
    }
    expect(transport.seqs('ada'), 'ada has room for every message').toEqual(range(1, 10));
    blocked = false;
    tick();
    expect(transport.seqs('blocked'), 'the newest 4 fit in the blocked user buffer').toEqual([
      7, 8, 9, 10,
    ]);
  });

  it('[R2] works with a buffer that holds one message', () => {
    const { server, transport, tick } = createHarness(1, 'general', ['blocked', 'ada']);
    let blocked = true;
    transport.rule = perUser({ blocked: () => (blocked ? 'busy' : 'sent') });
    for (let k = 1; k <= 5; k++) {
      server.broadcast('general', 'host', `message ${k}`);
      tick();
    }
    expect(transport.seqs('ada')).toEqual([1, 2, 3, 4, 5]);
    blocked = false;
    tick(3);
    expect(transport.seqs('blocked')).toEqual([5]);
    broadcastMany(server, 1);
    tick();
    expect(transport.seqs('blocked'), 'the buffer is usable again once drained').toEqual([5, 6]);
  });

  it('[R2] rejects a bufferSize of zero or below with a RangeError that quotes it', () => {
    expectRejected(0);
    expectRejected(-1);
  });

  it('[R2] rejects a bufferSize that is not an integer (2.5, NaN) with a RangeError', () => {
    expectRejected(2.5);
    expectRejected(Number.NaN);
  });
});
