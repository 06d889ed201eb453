import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoredLines } from '../../src/room/cluster/stored-lines.js';
import { OutputGate } from '../../src/room/live/output-gate.js';

// The gate of a room over Redis, driven by hand: lines handed and stored are counted by
// StoredLines, as ClusterNode counts its XADDs.
describe('OutputGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function setUp(sessionId = 's1', lines = new StoredLines()) {
    const sent: string[] = [];
    const events: string[] = [];
    const gate = new OutputGate(lines.of(sessionId), {
      onStall: () => events.push('stall'),
      onCatchUp: () => events.push('catch-up'),
    });
    const send = (what: string) => {
      if (gate.holding) gate.hold(() => sent.push(what));
      else sent.push(what);
    };
    return { lines, gate, sent, events, send };
  }

  it('sends at once while no recorded line waits for Redis', () => {
    const { sent, send } = setUp();
    send('typing');
    expect(sent).toEqual(['typing']);
  });

  it('holds what follows a line until Redis stored it, in order, and later lines hold later sends', () => {
    const { lines, sent, send } = setUp();
    const chat = lines.hand('s1');
    send('chat');
    send('typing after the chat');
    const note = lines.hand('s1');
    send('note');
    expect(sent).toEqual([]);
    chat.stored();
    expect(sent).toEqual(['chat', 'typing after the chat']);
    note.stored();
    expect(sent).toEqual(['chat', 'typing after the chat', 'note']);
    send('after');
    expect(sent.at(-1)).toBe('after');
  });

  it('holds one session and not another', () => {
    const lines = new StoredLines();
    const one = setUp('s1', lines);
    const two = setUp('s2', lines);
    lines.hand('s1');
    one.send('slow session');
    two.send('other session');
    expect(one.sent).toEqual([]);
    expect(two.sent).toEqual(['other session']);
  });

  it('says it stalled after a second without progress, and caught up once all is stored', () => {
    vi.useFakeTimers();
    const { lines, gate, sent, events, send } = setUp();
    const line = lines.hand('s1');
    send('chat');
    vi.advanceTimersByTime(999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['stall']);
    expect(gate.stalled).toBe(true);
    line.stored();
    expect(sent).toEqual(['chat']);
    expect(events).toEqual(['stall', 'catch-up']);
    expect(gate.stalled).toBe(false);
  });

  it('never sends what waits on a failed line; the session then counts afresh', () => {
    const { lines, gate, sent, send } = setUp();
    const line = lines.hand('s1');
    send('chat');
    line.failed();
    expect(sent).toEqual([]);
    gate.close();
    // A room made later for the session does not wait on the failed line.
    const later = setUp('s1', lines);
    later.send('welcome');
    expect(later.sent).toEqual(['welcome']);
  });

  it('drops what waits when closed', () => {
    const { lines, gate, sent, send } = setUp();
    const line = lines.hand('s1');
    send('chat');
    gate.close();
    line.stored();
    expect(sent).toEqual([]);
  });
});
