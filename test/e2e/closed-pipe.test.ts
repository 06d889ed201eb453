import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { kitBin } from '../support/run-kit.js';

// `kit guide level2 | head -1`: the reader closes the pipe before the kit is done writing. Here it
// is closed before the first write, so the write always meets the closed pipe.

it('ends quietly with exit 0 when the reader of its output closes the pipe early', async () => {
  const child = spawn(process.execPath, [kitBin, 'list'], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdout.destroy();
  const code = await new Promise<number | null>((done) => child.on('close', done));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
