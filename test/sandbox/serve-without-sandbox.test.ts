import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ServeResult, serve } from '../../src/commands/serve.js';
import { RUNS_OFF } from '../../src/room/live/runner.js';
import { TestClient } from '../room/helpers.js';

// A host without a jail (forced with KIT_SANDBOX=none): the room refuses Runs and says why,
// unless the interviewer chose --unsafe-runs.

let dataDir = '';
let served: ServeResult | undefined;
beforeEach(() => {
  process.env.KIT_SANDBOX = 'none';
  dataDir = mkdtempSync(join(tmpdir(), 'kit-serve-nojail-'));
});
afterEach(async () => {
  delete process.env.KIT_SANDBOX;
  await served?.close();
  served = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function candidateIn(result: ServeResult) {
  const session = result.server.createSession('level1', 'No jail');
  const client = await TestClient.connect(result.origin, session.id, session.tokens.candidate);
  const welcome = client.messages.find((m) => m.type === 'welcome');
  if (welcome?.type !== 'welcome') throw new Error('connected without a welcome');
  return { client, welcome };
}

describe('kit serve without a sandbox', () => {
  it('turns Runs off, tells the page why, and refuses a Run request', async () => {
    served = await serve({ data: dataDir, server: { log: () => {} } });
    expect(served.runs).toMatchObject({ mode: 'off', sandbox: { kind: 'none' } });
    const { client: candidate, welcome } = await candidateIn(served);
    expect(welcome.runsOff).toBe(RUNS_OFF);
    candidate.send({ type: 'run.request' });
    const result = await candidate.next('run.result');
    expect(result.error).toBe(RUNS_OFF);
    expect(result.report).toBeUndefined();
    await candidate.close();
  });

  it('runs them unjailed with --unsafe-runs, and the page shows a Run button', async () => {
    served = await serve({ data: dataDir, unsafeRuns: true });
    expect(served.runs.mode).toBe('unsafe');
    const { client: candidate, welcome } = await candidateIn(served);
    expect(welcome.runsOff).toBeUndefined();
    await candidate.close();
  });
});
