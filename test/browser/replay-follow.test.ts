import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../web/src/recording-model.js';
import { ReplayModel } from '../../web/src/replay-model.js';
import {
  hasChromium,
  screenshot,
  seriousAxeViolations,
  WAIT_MS,
  waitForText,
} from './browser-support.js';
import { useRoomPages } from './room-pages.js';

const SUITE = hasChromium
  ? 'the replay follows edits (Chromium)'
  : 'the replay follows edits: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)';

const ROOM_TEXT = '// first edit, in room.ts';
const SERVER_TEXT = '// then an edit at the end of server.ts';

/** The replay's selected file tab. */
const selectedFile = (page: Page) =>
  page.getAttribute('.replay .editor [role=tab][aria-selected=true]', 'data-file');

describe.skipIf(!hasChromium)(SUITE, () => {
  // The interviewer's page bypasses the page's policy so that axe can be injected.
  const room = useRoomPages({
    bypassCSP: true,
    failurePrefix: 'replay-follow-',
    session: { level: 'level2', title: 'Replay follow test', names: ['Grace', 'Ada'] },
  });

  /** The code as the server recorded it (read with the replay's own model). */
  const recordedCode = async () => {
    const url = new URL(room.server.url);
    const res = await fetch(new URL(`/api/sessions/${room.links.id}/recording`, url), {
      headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
    });
    return new ReplayModel(parseRecording(await res.text())).codeAt(Number.POSITIVE_INFINITY);
  };

  it('records edits in two files, then ends the session', async () => {
    const page = room.candidate;
    await page.click('[role=tab][data-file="room.ts"]');
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.press('Control+Home');
    await page.keyboard.type(`${ROOM_TEXT}\n`);
    await page.click('[role=tab][data-file="server.ts"]');
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n${SERVER_TEXT}`);
    // Both edits reached the server's recording before the session ends.
    await expect
      .poll(async () => (await recordedCode())['server.ts'], { timeout: WAIT_MS })
      .toContain(SERVER_TEXT);
    expect((await recordedCode())['room.ts']).toContain(ROOM_TEXT);
    await room.interviewer.click('text=End session…');
    await room.interviewer.click('text=End for everyone');
    await waitForText(page, '[data-testid=banner]', 'ended');
  });

  it('opens on the first edited file, follows a later edit in another file, and marks edits', async () => {
    const page = room.interviewer;
    const replay = new URL(room.server.url);
    replay.searchParams.set('replay', room.links.id);
    await page.goto(replay.href);
    await page.waitForSelector('[data-testid=seek]', { timeout: WAIT_MS });
    // Room.ts is not the level's first file: the replay chose it because it was edited first.
    const firstTab = await page.getAttribute('.replay .editor [role=tab][data-file]', 'data-file');
    expect(firstTab).not.toBe('room.ts');
    expect(await selectedFile(page)).toBe('room.ts');
    expect(await page.isChecked('[data-testid=follow-edits]')).toBe(true);

    // One marker per burst of edits, in its own colour, named by file and number of changes.
    const labels = await page.$$eval('.marker-edit', (els) =>
      els.map((el) => el.getAttribute('aria-label') ?? ''),
    );
    const roomMarkers = labels.filter((l) => /^Edited room\.ts \(\d+ changes?\)$/.test(l));
    const serverMarkers = labels.filter((l) => /^Edited server\.ts \(\d+ changes?\)$/.test(l));
    expect(roomMarkers.length).toBeGreaterThan(0);
    expect(serverMarkers.length).toBeGreaterThan(0);
    // Typing is many updates; bursts group them.
    expect(roomMarkers.length).toBeLessThan(ROOM_TEXT.length);
    expect(await page.textContent('.legend')).toContain('edit');

    // Seeking to the edit in server.ts opens server.ts, scrolled down to the edit (at its end).
    await page.click(`.marker-edit[aria-label="${serverMarkers[0]}"]`);
    await expect.poll(() => selectedFile(page), { timeout: WAIT_MS }).toBe('server.ts');
    const scroller = page.locator('[data-testid=replay-code] .cm-scroller');
    await expect
      .poll(() => scroller.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop), {
        timeout: WAIT_MS,
      })
      .toBeGreaterThan(0);
    // At the end, the last edit's line is in view.
    await page.focus('[data-testid=seek]');
    await page.keyboard.press('End');
    await waitForText(page, '[data-testid=replay-code] .cm-content', SERVER_TEXT);
    const line = page.locator('[data-testid=replay-code] .cm-line', { hasText: SERVER_TEXT });
    await expect.poll(() => inView(page, line), { timeout: WAIT_MS }).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'replay-follow');
    // Back to the start: the first edited file again.
    await page.keyboard.press('Home');
    await expect.poll(() => selectedFile(page), { timeout: WAIT_MS }).toBe('room.ts');

    // Choosing another file stops following; turning "Follow edits" back on resumes.
    await page.click(`.replay .editor [role=tab][data-file="${firstTab}"]`);
    expect(await page.isChecked('[data-testid=follow-edits]')).toBe(false);
    await page.focus('[data-testid=seek]');
    await page.keyboard.press('End');
    // At the end, the clock shows the whole duration on both sides.
    const clock = () => page.textContent('[data-testid=replay-clock]');
    await expect.poll(async () => new Set((await clock())?.split(' / ')).size).toBe(1);
    expect(await selectedFile(page)).toBe(firstTab);
    await page.check('[data-testid=follow-edits]');
    await expect.poll(() => selectedFile(page), { timeout: WAIT_MS }).toBe('server.ts');
    expect(room.pageErrors.flat()).toEqual([]);
  });
});

/** True when the located line lies within the visible part of the replay's code. */
async function inView(page: Page, line: ReturnType<Page['locator']>): Promise<boolean> {
  if ((await line.count()) === 0) return false;
  const box = await line.first().boundingBox();
  const area = await page.locator('[data-testid=replay-code] .cm-scroller').boundingBox();
  if (!box || !area) return false;
  return box.y >= area.y && box.y + box.height <= area.y + area.height;
}
