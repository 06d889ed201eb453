import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readGuideOutline } from '../../src/room/level-briefing.js';
import {
  buildWebBundle,
  createSession,
  hasChromium,
  joinRoom,
  type KitServe,
  launchBrowser,
  openPage,
  screenshot,
  startKitServe,
  tempDataDir,
  WAIT_MS,
  waitForText,
} from './browser-support.js';

const SUITE = hasChromium
  ? 'where people are and the interviewer’s tools (Chromium)'
  : 'where people are and the interviewer’s tools: SKIPPED, /usr/bin/chromium is missing';

/** Clicks into a file's code at the start of line `line` (1-based). */
async function clickLine(page: Page, line: number): Promise<void> {
  await page
    .locator('[data-testid=editor] .cm-line')
    .nth(line - 1)
    .click();
}

describe.skipIf(!hasChromium)(SUITE, () => {
  const data = tempDataDir();
  let server: KitServe;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let links: Awaited<ReturnType<typeof createSession>>;
  let interviewer: Page;
  let candidate: Page;
  let candidateContext: BrowserContext;
  const pageErrors: string[][] = [];
  const guide = readGuideOutline('level2');

  beforeAll(async () => {
    buildWebBundle();
    server = await startKitServe(data.dir);
    ({ browser, close: closeBrowser } = await launchBrowser());
    const a = await openPage(browser);
    const b = await openPage(browser);
    interviewer = a.page;
    candidate = b.page;
    candidateContext = b.context;
    pageErrors.push(a.errors, b.errors);
    links = await createSession(server.url, 'level2', 'People test');
    await joinRoom(interviewer, links.interviewer, 'Ivy');
    await joinRoom(candidate, links.candidate, 'Ada');
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = ctx.task.name.slice(0, 30);
    await screenshot(interviewer, `failed-people-${name}-interviewer`).catch(() => {});
    await screenshot(candidate, `failed-people-${name}-candidate`).catch(() => {});
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    data.remove();
  });

  it('puts a dot on the tab of the file each participant has open', async () => {
    await candidate.click('[role=tab][data-file="transport.ts"]');
    const dot = interviewer.locator('[role=tab][data-file="transport.ts"] .presence-dot');
    await dot.waitFor({ timeout: WAIT_MS });
    expect(await dot.getAttribute('data-name')).toBe('Ada');
    expect(await dot.getAttribute('style')).toMatch(/background:#[0-9a-f]{6}/i);
    // Only the file she has open carries her dot.
    expect(
      await interviewer.locator('[role=tab][data-file="server.ts"] .presence-dot').count(),
    ).toBe(0);
    await screenshot(interviewer, 'people-presence-dots');
  });

  it('lets the interviewer follow the candidate to her file and lines', async () => {
    await candidate.click('[role=tab][data-file="room.ts"]');
    await clickLine(candidate, 5);
    const follow = interviewer.locator('[data-follow="Ada"]');
    await follow.waitFor({ timeout: WAIT_MS });
    await follow.click();
    await waitForText(interviewer, '[data-testid=follow-status]', 'Following Ada: room.ts, line 5');
    expect(await interviewer.getAttribute('[role=tab][data-file="room.ts"]', 'aria-selected')).toBe(
      'true',
    );
    // She moves on: the interviewer's view moves with her.
    await candidate.click('[role=tab][data-file="models.ts"]');
    await clickLine(candidate, 3);
    await waitForText(
      interviewer,
      '[data-testid=follow-status]',
      'Following Ada: models.ts, line 3',
    );
    expect(
      await interviewer.getAttribute('[role=tab][data-file="models.ts"]', 'aria-selected'),
    ).toBe('true');
    await screenshot(interviewer, 'people-follow');
    await interviewer.click('[data-follow="Ada"]');
    await waitForText(interviewer, '[data-testid=follow-status]', 'Following', WAIT_MS, false);
  });

  it('makes read-only obvious to the candidate and says once that typing was refused', async () => {
    await interviewer.uncheck('[data-testid=candidate-can-edit]');
    await candidate.locator('[data-testid=read-only-banner]').waitFor({ timeout: WAIT_MS });
    await waitForText(candidate, '[data-testid=read-only-banner]', 'Read-only');
    await candidate.click('[data-testid=editor] .cm-content');
    await candidate.keyboard.type('x');
    await waitForText(candidate, '[data-testid=read-only-refused]', 'Your typing was not applied.');
    // Files cannot change either, so their controls are gone.
    expect(await candidate.isVisible('[data-testid=file-actions]')).toBe(false);
    await screenshot(candidate, 'people-read-only');
    await interviewer.check('[data-testid=candidate-can-edit]');
    await candidate
      .locator('[data-testid=read-only-banner]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('shows a dropped candidate as reconnecting, and her unsent edits to her', async () => {
    await candidateContext.setOffline(true);
    await waitForText(candidate, '[data-testid=status]', 'Offline', WAIT_MS);
    await waitForText(interviewer, '[data-testid=people]', 'Ada · reconnecting…');
    await candidate.click('[data-testid=editor] .cm-content');
    await candidate.keyboard.press('Control+Home');
    await candidate.keyboard.type('ab');
    await waitForText(candidate, '[data-testid=pending-edits]', 'edits not yet sent');
    expect(await candidate.isVisible('[data-testid=file-actions]')).toBe(false);
    expect(await candidate.textContent('[data-testid=pending-edits]')).toMatch(
      /^[2-9]\d* edits not yet sent$/,
    );
    await screenshot(candidate, 'people-offline-candidate');
    await screenshot(interviewer, 'people-reconnecting-interviewer');
    await candidateContext.setOffline(false);
    await waitForText(candidate, '[data-testid=status]', 'Online', WAIT_MS);
    await waitForText(interviewer, '[data-testid=people]', 'reconnecting', WAIT_MS, false);
    await candidate
      .locator('[data-testid=pending-edits]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('gives a hint from the guide, which the candidate sees', async () => {
    const first = guide.hints?.[0];
    expect(first).toBeDefined();
    await interviewer.click('[data-testid=hints] summary');
    await interviewer.click('[data-give-hint="0"]');
    await waitForText(candidate, '[data-testid=hints-given]', first?.text.slice(0, 40) ?? '?');
    await waitForText(interviewer, '[data-testid=hints-guide]', 'given');
    await screenshot(candidate, 'people-hint-candidate');
  });

  it('adds a file for the candidate and refuses a bad name with the reason', async () => {
    await candidate.click('[data-testid=file-menu]');
    await candidate.fill('[data-testid=file-name]', 'queue.ts');
    await candidate.click('[data-testid=file-add]');
    await interviewer.locator('[role=tab][data-file="queue.ts"]').waitFor({ timeout: WAIT_MS });
    await candidate.fill('[data-testid=file-name]', '../x.ts');
    await candidate.click('[data-testid=file-add]');
    await waitForText(
      candidate,
      '[data-testid=file-message]',
      '"../x.ts" contains "..": files stay inside src/.',
    );
  });

  it('scores a manual criterion and records a decision only the interviewer sees', async () => {
    const manual = guide.manual?.[0];
    expect(manual).toBeDefined();
    const id = manual?.id ?? '?';
    await interviewer.click('[data-testid=review] summary');
    await interviewer.fill(`[data-testid=score-${id}]`, '4');
    await interviewer.fill(`[data-testid=note-${id}]`, 'weighed drop-oldest well');
    await interviewer.click(`[data-testid=save-${id}]`);
    await waitForText(interviewer, '[data-testid=review]', `saved 4/${manual?.points}`);
    await interviewer.check('[data-testid=decision-strong-yes]');
    await interviewer.fill('[data-testid=review-tags]', 'backend, Senior');
    await interviewer.fill('[data-testid=review-summary]', 'PRIVATE-SUMMARY clear design');
    await interviewer.click('[data-testid=review-save]');
    await waitForText(interviewer, '[data-testid=review-status]', 'Saved.');
    await screenshot(interviewer, 'people-decision');
    expect(await candidate.locator('[data-testid=review]').count()).toBe(0);
    expect(await candidate.content()).not.toContain('PRIVATE-SUMMARY');
    // The session list shows the decision and filters by tag.
    const home = (await openPage(browser)).page;
    await home.goto(server.url);
    await waitForText(home, '[data-testid=sessions]', 'People test');
    await waitForText(home, '[data-testid=decision]', 'Strong yes');
    await home.fill('[data-testid=filter-tag]', 'senior');
    await waitForText(home, '[data-testid=sessions]', 'People test');
    await home.fill('[data-testid=filter-tag]', 'frontend');
    await waitForText(home, '[data-testid=sessions]', 'People test', WAIT_MS, false);
    await home.fill('[data-testid=filter-tag]', '');
    await screenshot(home, 'people-session-list');
    await home.context().close();
  });

  it('warns the interviewer when two people use the candidate link, naming both', async () => {
    const other = (await openPage(browser)).page;
    await joinRoom(other, links.candidate, 'Bob');
    await waitForText(
      interviewer,
      '[data-testid=candidate-link-warning]',
      'Two people are using the candidate link: Ada and Bob.',
    );
    await screenshot(interviewer, 'people-candidate-link-warning');
    await other.context().close();
    await interviewer
      .locator('[data-testid=candidate-link-warning]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('raised no page errors', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
