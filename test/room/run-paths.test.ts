import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kitRoot } from '../../src/paths.js';
import { RunConsole } from '../../src/room/live/run-console.js';
import { stripPathsDeep, stripServerPaths } from '../../src/room/live/run-paths.js';

describe('stripServerPaths', () => {
  it('makes the run folder the attempt, on the host and in the jail, URLs included', () => {
    expect(stripServerPaths(`at f (${tmpdir()}/kit-room-run-Ab12Cd/server.ts:3:7)`)).toBe(
      'at f (server.ts:3:7)',
    );
    expect(stripServerPaths('file:///attempt/kit-room-run-Ab12Cd/room.ts')).toBe('room.ts');
    expect(stripServerPaths(`cwd: ${tmpdir()}/kit-room-run-Ab12Cd`)).toBe('cwd: .');
    expect(stripServerPaths(`${kitRoot}/graders/level2/drops.test.ts:9:1`)).toBe(
      'graders/level2/drops.test.ts:9:1',
    );
  });

  it('keeps a hostile file name as it was and leaves look-alike paths alone', () => {
    const hostile = "$&$'$`$1 (copy)[0]*+?.ts";
    expect(stripServerPaths(`/attempt/kit-room-run-Zz9/${hostile}:1:1`)).toBe(`${hostile}:1:1`);
    expect(stripServerPaths('/attempts/x.ts and /run/kitchen')).toBe(
      '/attempts/x.ts and /run/kitchen',
    );
    expect(stripServerPaths(`${kitRoot}-other/x.ts`)).toBe(`${kitRoot}-other/x.ts`);
  });

  it('reaches every string of a nested value', () => {
    const value = { a: [`${kitRoot}/x.ts`], b: { c: '/attempt/kit-room-run-Q1/y.ts' }, n: 3 };
    expect(stripPathsDeep(value)).toEqual({ a: ['x.ts'], b: { c: 'y.ts' }, n: 3 });
  });
});

describe('RunConsole', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends whole lines, so a path split between two chunks is still made relative', () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const out = new RunConsole(1024, (text) => sent.push(text));
    out.write(`at ${kitRoot.slice(0, 3)}`);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([]);
    out.write(`${kitRoot.slice(3)}/graders/x.ts:1:1\nno end`);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual(['at graders/x.ts:1:1\n']);
    // A line that does not end goes out a little later, as it is.
    vi.advanceTimersByTime(200);
    expect(sent).toEqual(['at graders/x.ts:1:1\n', 'no end']);
    expect(out.end()).toEqual({ text: 'at graders/x.ts:1:1\nno end', cut: false });
  });
});
