import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeResult, serve } from '../../src/commands/serve.js';
import { RUNS_OFF } from '../../src/room/live/runner.js';
import {
  buildWebBundle,
  hasChromium,
  launchBrowser,
  openPage,
  waitForText,
} from '../browser/browser-support.js';

// The page of a room whose server has no jail: the reason where the Run button would be.

let served: ServeResult;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let dataDir = '';

beforeAll(async () => {
  if (!hasChromium) return;
  buildWebBundle();
  process.env.KIT_SANDBOX = 'none';
  dataDir = mkdtempSync(join(tmpdir(), 'kit-runs-off-'));
  served = await serve({ data: dataDir, server: { log: () => {} } });
  browser = await launchBrowser();
});

afterAll(async () => {
  delete process.env.KIT_SANDBOX;
  await browser?.close();
  await served?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('the room page without a sandbox', () => {
  it('shows "Runs are off" instead of a Run button', async () => {
    const session = served.server.createSession('level1', 'No jail');
    const { page, errors } = await openPage(browser.browser);
    await page.goto(`${served.origin}/s/${session.id}?token=${session.tokens.candidate}`);
    await page.fill('[data-testid=join-name]', 'Ada');
    await page.click('button[type=submit]');
    await waitForText(page, '[data-testid=runs-off]', RUNS_OFF);
    expect(await page.$$('[data-testid=run-visible]')).toHaveLength(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
