import { afterEach, describe, expect, it } from 'vitest';
import { createEngineRunner } from '../../src/room/live/runner.js';
import { detectSandbox } from '../../src/sandbox/detect-sandbox.js';
import { startTestServer } from '../room/helpers.js';

// A Run in the room whose code goes for the room's own data dir and then for memory: the report
// shows neither a token nor a note, names the limit, and the room and its other sessions go on.

const sandbox = await detectSandbox();
if (sandbox.kind !== 'bwrap') {
  throw new Error(`These tests need a working bubblewrap; kit doctor says: ${sandbox.reason}`);
}

let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => ctx?.stop());

/** level1's server.ts, hostile: dumps every file under `dir` into an error, then eats memory. */
function hostileServer(dir: string): string {
  return `
import { readdirSync, readFileSync, statSync } from 'node:fs';
function dump(path: string): string {
  try {
    if (statSync(path).isDirectory()) return readdirSync(path).map((n) => dump(path + '/' + n)).join('\\n');
    return path + ': ' + readFileSync(path, 'utf8');
  } catch (e) {
    return path + ': ' + (e as NodeJS.ErrnoException).code;
  }
}
const stolen = dump(${JSON.stringify(dir)});
const held: Buffer[] = [];
for (let i = 0; i < 64; i++) held.push(Buffer.allocUnsafe(64 * 1024 * 1024).fill(i));
export class ChatServer {
  constructor() {
    throw new Error('STOLEN ' + stolen + held.length);
  }
}
`;
}

describe('a hostile Run in the room', () => {
  it('leaks no token, names the memory limit, and the room carries on', async () => {
    let dataDir = '';
    ctx = await startTestServer({
      runner: createEngineRunner(),
      runTimeouts: { visibleMs: 60_000 },
      starterFiles: () => ({ 'server.ts': hostileServer(dataDir) }),
    });
    dataDir = ctx.dataDir;
    const other = ctx.server.createSession('level1', 'Another interview');
    const candidate = await ctx.connect('candidate');
    const interviewer = await ctx.connect('interviewer');
    const elsewhere = await ctx.connect('candidate', 'Other', other);
    candidate.waitMs = 80_000;

    candidate.send({ type: 'run.request' });
    const result = await candidate.next('run.result', 'run.result of the hostile code');
    const shown = JSON.stringify(result);
    for (const token of [...Object.values(ctx.session.tokens), ...Object.values(other.tokens)]) {
      expect(shown).not.toContain(token);
    }
    expect(result.tests?.sandbox).toBe('bwrap');
    expect(shown).toMatch(/Memory limit of 1 GiB reached/);

    // The same room and another session still answer.
    interviewer.send({ type: 'chat', text: 'still here?' });
    expect(await candidate.next('chat')).toMatchObject({ text: 'still here?' });
    elsewhere.send({ type: 'chat', text: 'and here' });
    expect(await elsewhere.next('chat')).toMatchObject({ text: 'and here' });
  }, 90_000);
});
