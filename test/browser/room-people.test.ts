import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readGuideOutline } from '../../src/room/level-briefing.js';
import {
  hasChromium,
  joinRoom,
  openPage,
  screenshot,
  WAIT_MS,
  waitForText,
} from './browser-support.js';
import { useRoomPages } from './room-pages.js';

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
  const room = useRoomPages({
    failurePrefix: 'people-',
    session: { level: 'level2', title: 'People test', names: ['Ivy', 'Ada'] },
  });
  const guide = readGuideOutline('level2');

  it('puts a dot on the tab of the file each participant has open', async () => {
    await room.candidate.click('[role=tab][data-file="transport.ts"]');
    const dot = room.interviewer.locator('[role=tab][data-file="transport.ts"] .presence-dot');
    await dot.waitFor({ timeout: WAIT_MS });
    expect(await dot.getAttribute('data-name')).toBe('Ada');
    expect(await dot.getAttribute('style')).toMatch(/background:#[0-9a-f]{6}/i);
    // Only the file she has open carries her dot.
    expect(
      await room.interviewer.locator('[role=tab][data-file="server.ts"] .presence-dot').count(),
    ).toBe(0);
    await screenshot(room.interviewer, 'people-presence-dots');
  });

  it('lets the interviewer follow the candidate to her file and lines', async () => {
    await room.candidate.click('[role=tab][data-file="room.ts"]');
    await clickLine(room.candidate, 5);
    const follow = room.interviewer.locator('[data-follow="Ada"]');
    await follow.waitFor({ timeout: WAIT_MS });
    await follow.click();
    await waitForText(
      room.interviewer,
      '[data-testid=follow-status]',
      'Following Ada: room.ts, line 5',
    );
    expect(
      await room.interviewer.getAttribute('[role=tab][data-file="room.ts"]', 'aria-selected'),
    ).toBe('true');
    // She moves on: the interviewer's view moves with her.
    await room.candidate.click('[role=tab][data-file="models.ts"]');
    await clickLine(room.candidate, 3);
    await waitForText(
      room.interviewer,
      '[data-testid=follow-status]',
      'Following Ada: models.ts, line 3',
    );
    expect(
      await room.interviewer.getAttribute('[role=tab][data-file="models.ts"]', 'aria-selected'),
    ).toBe('true');
    await screenshot(room.interviewer, 'people-follow');
    await room.interviewer.click('[data-follow="Ada"]');
    await waitForText(room.interviewer, '[data-testid=follow-status]', 'Following', WAIT_MS, false);
  });

  it('makes read-only obvious to the candidate and says once that typing was refused', async () => {
    await room.interviewer.uncheck('[data-testid=candidate-can-edit]');
    await room.candidate.locator('[data-testid=read-only-banner]').waitFor({ timeout: WAIT_MS });
    await waitForText(room.candidate, '[data-testid=read-only-banner]', 'Read-only');
    await room.candidate.click('[data-testid=editor] .cm-content');
    await room.candidate.keyboard.type('x');
    await waitForText(
      room.candidate,
      '[data-testid=read-only-refused]',
      'Your typing was not applied.',
    );
    // Files cannot change either, so their controls are gone.
    expect(await room.candidate.isVisible('[data-testid=file-actions]')).toBe(false);
    await screenshot(room.candidate, 'people-read-only');
    await room.interviewer.check('[data-testid=candidate-can-edit]');
    await room.candidate
      .locator('[data-testid=read-only-banner]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('shows a dropped candidate as reconnecting, and her unsent edits to her', async () => {
    await room.candidateContext.setOffline(true);
    await waitForText(room.candidate, '[data-testid=status]', 'Offline', WAIT_MS);
    await waitForText(room.interviewer, '[data-testid=people]', 'Ada · reconnecting…');
    await room.candidate.click('[data-testid=editor] .cm-content');
    await room.candidate.keyboard.press('Control+Home');
    await room.candidate.keyboard.type('ab');
    await waitForText(room.candidate, '[data-testid=pending-edits]', 'edits not yet sent');
    expect(await room.candidate.isVisible('[data-testid=file-actions]')).toBe(false);
    expect(await room.candidate.textContent('[data-testid=pending-edits]')).toMatch(
      /^[2-9]\d* edits not yet sent$/,
    );
    await screenshot(room.candidate, 'people-offline-candidate');
    await screenshot(room.interviewer, 'people-reconnecting-interviewer');
    await room.candidateContext.setOffline(false);
    await waitForText(room.candidate, '[data-testid=status]', 'Online', WAIT_MS);
    await waitForText(room.interviewer, '[data-testid=people]', 'reconnecting', WAIT_MS, false);
    await room.candidate
      .locator('[data-testid=pending-edits]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('gives a hint from the guide, which the candidate sees', async () => {
    const first = guide.hints?.[0];
    expect(first).toBeDefined();
    await room.interviewer.click('[data-testid=hints] summary');
    await room.interviewer.click('[data-give-hint="0"]');
    await waitForText(room.candidate, '[data-testid=hints-given]', first?.text.slice(0, 40) ?? '?');
    await waitForText(room.interviewer, '[data-testid=hints-guide]', 'given');
    await screenshot(room.candidate, 'people-hint-candidate');
  });

  it('adds a file for the candidate and refuses a bad name with the reason', async () => {
    await room.candidate.click('[data-testid=file-menu]');
    await room.candidate.fill('[data-testid=file-name]', 'queue.ts');
    await room.candidate.click('[data-testid=file-add]');
    await room.interviewer
      .locator('[role=tab][data-file="queue.ts"]')
      .waitFor({ timeout: WAIT_MS });
    await room.candidate.fill('[data-testid=file-name]', '../x.ts');
    await room.candidate.click('[data-testid=file-add]');
    await waitForText(
      room.candidate,
      '[data-testid=file-message]',
      '"../x.ts" contains "..": files stay inside src/.',
    );
  });

  it('scores a manual criterion and records a decision only the interviewer sees', async () => {
    const manual = guide.manual?.[0];
    expect(manual).toBeDefined();
    const id = manual?.id ?? '?';
    await room.interviewer.click('[data-testid=review] summary');
    await room.interviewer.fill(`[data-testid=score-${id}]`, '4');
    await room.interviewer.fill(`[data-testid=note-${id}]`, 'weighed drop-oldest well');
    await room.interviewer.click(`[data-testid=save-${id}]`);
    await waitForText(room.interviewer, '[data-testid=review]', `saved 4/${manual?.points}`);
    await room.interviewer.check('[data-testid=decision-strong-yes]');
    await room.interviewer.fill('[data-testid=review-tags]', 'backend, Senior');
    await room.interviewer.fill('[data-testid=review-summary]', 'PRIVATE-SUMMARY clear design');
    await room.interviewer.click('[data-testid=review-save]');
    await waitForText(room.interviewer, '[data-testid=review-status]', 'Saved.');
    await screenshot(room.interviewer, 'people-decision');
    expect(await room.candidate.locator('[data-testid=review]').count()).toBe(0);
    expect(await room.candidate.content()).not.toContain('PRIVATE-SUMMARY');
    // The session list shows the decision and filters by tag.
    const home = (await openPage(room.browser)).page;
    await home.goto(room.server.url);
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
    const other = (await openPage(room.browser)).page;
    await joinRoom(other, room.links.candidate, 'Bob');
    await waitForText(
      room.interviewer,
      '[data-testid=candidate-link-warning]',
      'Two people are using the candidate link: Ada and Bob.',
    );
    await screenshot(room.interviewer, 'people-candidate-link-warning');
    await other.context().close();
    await room.interviewer
      .locator('[data-testid=candidate-link-warning]')
      .waitFor({ state: 'hidden', timeout: WAIT_MS });
  });

  it('raised no page errors', () => {
    expect(room.pageErrors.flat()).toEqual([]);
  });
});
