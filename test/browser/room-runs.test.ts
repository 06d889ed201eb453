import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebBundle,
  createSession,
  hasChromium,
  joinRoom,
  type KitServe,
  launchBrowser,
  openPage,
  screenshot,
  seriousAxeViolations,
  startKitServe,
  tempDataDir,
  waitForText,
} from './browser-support.js';

/** The real grading engine runs vitest in a sandboxed child: give it room. */
const RUN_WAIT_MS = 90_000;

const SUITE = hasChromium
  ? 'runs in the room: sharing a grade, cancelling a stuck run (Chromium)'
  : 'runs in the room: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)';

describe.skipIf(!hasChromium)(SUITE, () => {
  const data = tempDataDir();
  let server: KitServe;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let interviewer: Page;
  let candidate: Page;
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    buildWebBundle();
    server = await startKitServe(data.dir);
    ({ browser, close: closeBrowser } = await launchBrowser());
    // bypassCSP lets the last test inject axe-core; the page's own policy is tested in room.test.ts.
    const a = await openPage(browser, { bypassCSP: true });
    const b = await openPage(browser, { bypassCSP: true });
    interviewer = a.page;
    candidate = b.page;
    pageErrors.push(a.errors, b.errors);
    const links = await createSession(server.url, 'level1', 'Runs');
    await joinRoom(interviewer, links.interviewer, 'Grace');
    await joinRoom(candidate, links.candidate, 'Ada');
  }, 60_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.slice(0, 30);
    await screenshot(interviewer, `failed-${name}-interviewer`).catch(() => {});
    await screenshot(candidate, `failed-${name}-candidate`).catch(() => {});
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    data.remove();
  });

  it(
    "keeps the interviewer's grade from the candidate until it is shared",
    async () => {
      await interviewer.click('[data-testid=run-all]');
      await waitForText(candidate, '[data-testid=run-status]', 'Running all tests for Grace');
      // Not the candidate's run: no Cancel for them.
      expect(await candidate.isVisible('[data-testid=run-cancel]')).toBe(false);
      await waitForText(interviewer, '[data-testid=scorecard]', 'points', RUN_WAIT_MS);
      await waitForText(candidate, '[data-testid=scorecard]', 'Grace graded the code', RUN_WAIT_MS);
      const withheld = (await candidate.textContent('.results')) ?? '';
      expect(withheld).not.toMatch(/points|R1|\/tmp\/|\/attempt/);
      expect(await candidate.locator('[data-testid=run-share]').count()).toBe(0);

      // Share on one side, the withheld card on the other: nothing axe-core calls serious.
      for (const page of [interviewer, candidate]) {
        expect(await seriousAxeViolations(page)).toEqual([]);
      }
      await interviewer.click('[data-testid=run-share]');
      await waitForText(interviewer, '[data-testid=run-shared]', 'Shared with the candidate');
      await waitForText(candidate, '[data-testid=scorecard]', 'points');
      await waitForText(candidate, '[data-testid=run-shared]', 'Grace shared this grade with you');
      const shared = (await candidate.textContent('.results')) ?? '';
      expect(shared).toMatch(/Run 1 · all tests/);
      expect(shared).not.toMatch(/\/tmp\/|\/attempt\//);
      await screenshot(interviewer, 'shared-grade-interviewer');
      await screenshot(candidate, 'shared-grade-candidate');
    },
    RUN_WAIT_MS + 30_000,
  );

  it(
    'shows a stuck run counting up with its output, and lets its starter cancel it',
    async () => {
      await candidate.click('[data-testid=editor] .cm-content');
      await candidate.keyboard.press('Control+Home');
      await candidate.keyboard.insertText("console.log('stuck in a loop');\nwhile (true) {}\n");
      await candidate.click('[data-testid=run-visible]');
      await waitForText(interviewer, '[data-testid=run-status]', 'Running visible tests for Ada');
      // The console shows what the code printed before its loop: the run is in the loop now.
      await waitForText(candidate, '[data-testid=run-console]', 'stuck in a loop', RUN_WAIT_MS);
      await waitForText(interviewer, '[data-testid=run-console]', 'stuck in a loop');
      await waitForText(candidate, '[data-testid=run-elapsed]', 'of 15 s');
      expect(await candidate.isVisible('[data-testid=run-cancel]')).toBe(true);
      expect(await interviewer.isVisible('[data-testid=run-cancel]')).toBe(true);
      await screenshot(candidate, 'stuck-run-candidate');

      await candidate.click('[data-testid=run-cancel]');
      for (const page of [candidate, interviewer]) {
        await waitForText(page, '[data-testid=run-stopped]', 'Cancelled by Ada after');
      }
      expect(await candidate.isDisabled('[data-testid=run-visible]')).toBe(false);
      expect(await candidate.isVisible('[data-testid=run-cancel]')).toBe(false);
      expect(await candidate.textContent('[data-testid=run-console]')).toContain('stuck in a loop');
      await screenshot(candidate, 'cancelled-run-candidate');
      await screenshot(interviewer, 'cancelled-run-interviewer');
    },
    RUN_WAIT_MS + 30_000,
  );

  it('has no serious or critical axe-core finding with a stopped run and its console', async () => {
    for (const page of [interviewer, candidate]) {
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
  });

  it('raised no uncaught error in either page', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
