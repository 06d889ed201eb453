import { describe, expect, it } from 'vitest';
import { ChatServer } from '#attempt/server';
import {
  broadcastMany,
  createHarness,
  range,
  ScriptedTransport,
  sorted,
} from './support/harness.js';

// R2 is about how much each buffer holds. Messages pile up here only because no tick runs between
// broadcasts, never through busy answers (R4); counts are compared, not which messages were kept
// (R3) or in what order they arrive (R5); and there are ticks enough to drain a buffer one message
// per tick, so a turn that stops early (R1) costs nothing here.

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
  it('[R2] a full buffer holds exactly bufferSize messages', () => {
    const { server, transport, tick } = createHarness(4, 'general', ['ada']);
    broadcastMany(server, 10);
    tick(5);
    expect(transport.seqs('ada'), 'ada was sent what her buffer of 4 held').toHaveLength(4);
    broadcastMany(server, 3);
    tick(5);
    expect(transport.seqs('ada'), 'then the 3 that fit without overflow').toHaveLength(7);
  });

  it("[R2] keeps one buffer per member: one member's overflow takes nothing from another", () => {
    const { server, transport, tick } = createHarness(4, 'general', ['ada']);
    broadcastMany(server, 6);
    server.join('general', 'bob');
    broadcastMany(server, 3);
    tick(5);
    expect(transport.seqs('ada'), 'ada overflowed: her buffer held 4').toHaveLength(4);
    expect(sorted(transport.seqs('bob')), 'bob had 3 queued, all of them fit').toEqual([7, 8, 9]);
  });

  it('[R2] gives a user who is in two rooms a buffer in each', () => {
    const { server, transport, tick } = createHarness(4);
    for (const room of ['red', 'blue']) server.join(room, 'ada');
    broadcastMany(server, 4, 'red');
    broadcastMany(server, 4, 'blue');
    tick(9);
    expect(transport.seqs('ada', 'red'), 'the red buffer held 4').toHaveLength(4);
    expect(transport.seqs('ada', 'blue'), 'the blue buffer held 4 more').toHaveLength(4);
  });

  it('[R2] works with a buffer that holds one message, and again once drained', () => {
    const { server, transport, tick } = createHarness(1, 'general', ['ada']);
    broadcastMany(server, 5);
    tick();
    expect(transport.seqs('ada')).toHaveLength(1);
    broadcastMany(server, 1);
    tick();
    expect(transport.seqs('ada'), 'the drained buffer takes the next message').toHaveLength(2);
    broadcastMany(server, 3);
    tick(2);
    expect(transport.seqs('ada')).toHaveLength(3);
  });

  it('[R2] holds a long queue: 300 messages for one member, twice over', () => {
    const { server, transport, tick } = createHarness(1_000, 'general', ['ada']);
    broadcastMany(server, 300);
    tick(300);
    expect(sorted(transport.seqs('ada')), 'all 300 fit in a buffer of 1,000').toEqual(
      range(1, 300),
    );
    broadcastMany(server, 300);
    tick(300);
    expect(sorted(transport.seqs('ada')), 'the drained buffer holds 300 again').toEqual(
      range(1, 600),
    );
  });

  it('[R2] holds 1,024 messages per member when no bufferSize is given', () => {
    const transport = new ScriptedTransport();
    const server = new ChatServer({ transport });
    server.join('general', 'ada');
    broadcastMany(server, 1_030);
    for (let i = 0; i < 1_030; i++) server.tick();
    expect(transport.seqs('ada'), 'the default buffer holds 1,024').toHaveLength(1_024);
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
