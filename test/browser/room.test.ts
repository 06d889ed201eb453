import { existsSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { levelPaths } from '../../src/levels/level-registry.js';
import { kitRoot } from '../../src/paths.js';
import { readGuideOutline } from '../../src/room/level-briefing.js';
import {
  editorText,
  hasChromium,
  joinRoom,
  openPage,
  readGlobal,
  screenshot,
  startKitServe,
  WAIT_MS,
  waitForText,
} from './browser-support.js';
import { useRoomPages } from './room-pages.js';

const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
/** The real grading engine runs vitest in a child process: give it room. */
const RUN_WAIT_MS = 120_000;

async function typeAtTop(page: Page, text: string): Promise<void> {
  await page.click('[data-testid=editor] .cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(text);
}

const SUITE = hasChromium
  ? 'the room in a browser (Chromium)'
  : 'the room in a browser: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)';

describe.skipIf(!hasChromium)(SUITE, () => {
  const room = useRoomPages();
  const links = { interviewer: '', candidate: '', observer: '' };

  it('serves the page with a policy that forbids inline scripts', async () => {
    const res = await fetch(room.server.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toMatch(/\/assets\/app-[A-Z0-9]{8}\.js/);
  });

  it('lets the interviewer create a session and copy its three links', async () => {
    await room.interviewer.goto(room.server.url);
    await room.interviewer.waitForSelector('#level option[value=level1]', {
      state: 'attached',
      timeout: WAIT_MS,
    });
    await room.interviewer.selectOption('#level', 'level1');
    await room.interviewer.fill('#title', 'Browser test');
    await room.interviewer.click('form.create-form button[type=submit]');
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      const input = room.interviewer.locator(`[data-testid=link-${role}]`);
      await input.waitFor({ timeout: WAIT_MS });
      links[role] = await input.inputValue();
      expect(links[role]).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    }
    await waitForText(room.interviewer, '[data-testid=sessions]', 'Browser test');
    await screenshot(room.interviewer, 'home');
  });

  it('joins interviewer and candidate, who see each other and each other’s edits', async () => {
    await joinRoom(room.interviewer, links.interviewer, 'Grace');
    await joinRoom(room.candidate, links.candidate, 'Ada <b>L</b>');
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    await waitForText(room.candidate, '[data-testid=peers]', 'Grace');
    expect(await room.candidate.locator('[data-testid=peers] b').count()).toBe(0);
    await typeAtTop(room.candidate, '// hello from Ada\n');
    await waitForText(room.interviewer, '[data-testid=editor] .cm-content', 'hello from Ada');
    await typeAtTop(room.interviewer, '// reviewed by Grace\n');
    await waitForText(room.candidate, '[data-testid=editor] .cm-content', 'reviewed by Grace');
    expect(await editorText(room.candidate)).toMatch(
      /^\/\/ reviewed by Grace\n\/\/ hello from Ada\n/,
    );
    await waitForText(room.interviewer, '.cm-ySelectionInfo', 'Ada');
  });

  it('shows the task from the server and the guide’s phases to the interviewer only', async () => {
    expect(existsSync(joinPath(kitRoot, 'dist', 'web', 'assets', 'tasks'))).toBe(false);
    const readme = readFileSync(levelPaths('level1').readme, 'utf8');
    const heading = /^#\s+(.+)$/m.exec(readme)?.[1]?.replace(/[`*]/g, '').trim() ?? '';
    for (const page of [room.interviewer, room.candidate]) {
      await waitForText(page, '[data-testid=task]', heading);
    }
    const [first] = readGuideOutline('level1').phases;
    if (first) await waitForText(room.interviewer, '[data-testid=phase]', first.title);
    await waitForText(room.interviewer, '[data-testid=phase]', ' / ');
    expect(await room.candidate.locator('[data-testid=phase]').count()).toBe(0);
    const clock = async (page: Page) =>
      ((await page.textContent('[data-testid=phase] .clock')) ?? '').split(' / ')[0];
    // A reload keeps the clock: it starts at the server's startedAt, not at the page load.
    const before = await clock(room.interviewer);
    await room.interviewer.waitForTimeout(1100);
    await room.interviewer.reload();
    await waitForText(room.interviewer, '[data-testid=status]', 'Online');
    await waitForText(room.interviewer, '[data-testid=phase]', ' / ');
    expect(await clock(room.interviewer)).not.toBe('0:00');
    expect(before).toMatch(/^\d+:\d\d$/);
  });

  it('shows chat as text, with a typing indicator, and runs no script from it', async () => {
    await room.candidate.fill('[data-testid=chat-input]', 'thinking');
    await room.candidate.type('[data-testid=chat-input]', '…');
    await waitForText(room.interviewer, '[data-testid=typing]', 'is typing');
    await room.candidate.fill('[data-testid=chat-input]', XSS);
    await room.candidate.press('[data-testid=chat-input]', 'Enter');
    for (const page of [room.interviewer, room.candidate]) {
      await waitForText(page, '[data-testid=chat]', XSS);
      expect(await page.locator('[data-testid=chat] .chat-text').last().textContent()).toBe(XSS);
      expect(await page.locator('[data-testid=chat] script, [data-testid=chat] img').count()).toBe(
        0,
      );
      expect(await readGlobal(page, '__xss')).toBeUndefined();
    }
    await waitForText(room.interviewer, '[data-testid=typing]', '', WAIT_MS);
    await room.interviewer.fill(
      '[data-testid=chat-input]',
      'Take your time. Run the tests when ready.',
    );
    await room.interviewer.press('[data-testid=chat-input]', 'Enter');
    await waitForText(room.candidate, '[data-testid=chat]', 'Take your time');
  });

  it(
    'runs the visible tests for the candidate and shows both the scorecard',
    async () => {
      await room.candidate.click('[data-testid=run-visible]');
      await waitForText(room.interviewer, '[data-testid=run-status]', 'Running', RUN_WAIT_MS);
      // The interviewer sees the rubric's points; the candidate their own visible tests.
      await waitForText(room.interviewer, '[data-testid=scorecard]', 'points', RUN_WAIT_MS);
      await waitForText(
        room.candidate,
        '[data-testid=scorecard]',
        'visible tests pass',
        RUN_WAIT_MS,
      );
      for (const page of [room.candidate, room.interviewer]) {
        await waitForText(page, '[data-testid=scorecard]', 'by Ada');
      }
      expect(await room.candidate.textContent('[data-testid=scorecard]')).toMatch(
        /Run 1 · visible tests/,
      );
      await room.interviewer.click('summary:text("Private notes")');
      await room.interviewer.fill(
        '[aria-label="Private note"]',
        'Explained the broadcast loop clearly.',
      );
      await room.interviewer.click('.note-form button');
      await waitForText(room.interviewer, '[data-testid=notes]', 'broadcast loop');
      expect(await room.candidate.locator('[data-testid=notes]').count()).toBe(0);
      await screenshot(room.interviewer, 'room-interviewer');
      await screenshot(room.candidate, 'room-candidate');
    },
    RUN_WAIT_MS + 30_000,
  );

  it('reconnects the candidate after the network drops, keeping edits made offline', async () => {
    await room.candidateContext.setOffline(true);
    await waitForText(room.candidate, '[data-testid=status]', 'Offline', WAIT_MS);
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada', WAIT_MS, false);
    await typeAtTop(room.candidate, '// typed offline\n');
    await room.candidateContext.setOffline(false);
    await waitForText(room.candidate, '[data-testid=status]', 'Online', WAIT_MS);
    await waitForText(room.interviewer, '[data-testid=editor] .cm-content', 'typed offline');
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada');
    expect(await room.candidate.locator('[data-testid=chat] .chat-entry').count()).toBe(2);
    await waitForText(room.candidate, '[data-testid=scorecard]', 'visible tests pass');
  });

  it('restores the room after a server restart', async () => {
    await room.server.stop();
    await waitForText(room.candidate, '[data-testid=status]', 'Offline');
    room.server = await startKitServe(room.dataDir, room.server.port);
    for (const page of [room.interviewer, room.candidate]) {
      await waitForText(page, '[data-testid=status]', 'Online', 30_000);
      await waitForText(page, '[data-testid=editor] .cm-content', 'typed offline');
      await waitForText(page, '[data-testid=chat]', XSS);
    }
    await typeAtTop(room.candidate, '// after restart\n');
    await waitForText(room.interviewer, '[data-testid=editor] .cm-content', 'after restart');
  });

  it(
    'grades everything for the interviewer and withholds the grade from the candidate',
    async () => {
      await room.interviewer.click('[data-testid=run-all]');
      for (const page of [room.interviewer, room.candidate]) {
        await waitForText(page, '[data-testid=scorecard]', 'Run 2 · all tests', RUN_WAIT_MS);
      }
      await waitForText(
        room.candidate,
        '[data-testid=run-withheld]',
        'shows here if they share it',
      );
    },
    RUN_WAIT_MS + 30_000,
  );

  it('keeps an observer read-only', async () => {
    const { context, page } = await openPage(room.browser);
    await joinRoom(page, links.observer, 'Olive');
    await waitForText(page, '[data-testid=editor] .cm-content', 'after restart');
    expect(await page.getAttribute('[data-testid=editor] .cm-content', 'contenteditable')).toBe(
      'false',
    );
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.type('// observer was here');
    expect(await editorText(page)).not.toContain('observer was here');
    expect(await page.isDisabled('[data-testid=chat-input]')).toBe(true);
    expect(await page.locator('[data-testid=run-visible], [data-testid=run-all]').count()).toBe(0);
    await waitForText(room.interviewer, '[data-testid=peers]', 'Olive');
    await context.close();
  });

  it('replaces the candidate’s link from the room: the old page is told why, the new one joins', async () => {
    await room.interviewer.click('.links-box summary');
    await room.interviewer.click('[data-testid=rotate-candidate]');
    const field = room.interviewer.locator(
      '[data-testid=rotated-link] [data-testid=link-candidate]',
    );
    await field.waitFor({ timeout: WAIT_MS });
    const fresh = await field.inputValue();
    expect(fresh).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    expect(fresh).not.toBe(links.candidate);
    await waitForText(room.candidate, '[data-testid=revoked]', 'This link was replaced');
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada <b>L</b>', WAIT_MS, false);
    await screenshot(room.candidate, 'link-rotated');
    // The tab remembers the name, so the new link joins straight away.
    await room.candidate.goto(fresh);
    await waitForText(room.candidate, '[data-testid=status]', 'Online');
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    links.candidate = fresh;
  });

  it('tells a candidate who was offline during a rotation why the link no longer works', async () => {
    await room.candidateContext.setOffline(true);
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada <b>L</b>', WAIT_MS, false);
    await room.interviewer.click('[data-testid=rotate-candidate]');
    const field = room.interviewer.locator(
      '[data-testid=rotated-link] [data-testid=link-candidate]',
    );
    await expect.poll(() => field.inputValue(), { timeout: WAIT_MS }).not.toBe(links.candidate);
    const fresh = await field.inputValue();
    await room.candidateContext.setOffline(false);
    await waitForText(room.candidate, '[data-testid=revoked]', 'This link was replaced');
    await room.candidate.goto(fresh);
    await waitForText(room.candidate, '[data-testid=status]', 'Online');
    links.candidate = fresh;
  });

  it('reopens the interviewer’s own page on a new interviewer link', async () => {
    const before = room.interviewer.url();
    await room.interviewer.click('[data-testid=rotate-interviewer]');
    await room.interviewer.waitForURL((url) => url.href !== before, { timeout: WAIT_MS });
    const token = new URL(room.interviewer.url()).searchParams.get('token');
    expect(token).toBeTruthy();
    expect(token).not.toBe(new URL(links.interviewer).searchParams.get('token'));
    await waitForText(room.interviewer, '[data-testid=status]', 'Online');
    await room.interviewer.waitForSelector('[data-testid=candidate-can-edit]', {
      timeout: WAIT_MS,
    });
    await waitForText(room.interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    links.interviewer = room.interviewer.url();
  });

  it('lets the interviewer take and give back the candidate’s edit rights', async () => {
    const editable = '[data-testid=editor] .cm-content[contenteditable=true]';
    const readOnly = '[data-testid=editor] .cm-content[contenteditable=false]';
    await room.interviewer.uncheck('[data-testid=candidate-can-edit]');
    await room.candidate.waitForSelector(readOnly, { timeout: WAIT_MS });
    await waitForText(room.interviewer, '[data-testid=peers]', 'read-only');
    await room.interviewer.check('[data-testid=candidate-can-edit]');
    await room.candidate.waitForSelector(editable, { timeout: WAIT_MS });
    await waitForText(room.interviewer, '[data-testid=peers]', 'read-only', WAIT_MS, false);
  });

  it('ends the session: everyone goes read-only, and the replay shows the final code', async () => {
    await room.interviewer.click('text=End session…');
    await room.interviewer.click('text=End for everyone');
    for (const page of [room.interviewer, room.candidate]) {
      await waitForText(page, '[data-testid=banner]', 'ended');
      await page.waitForSelector('[data-testid=editor] .cm-content[contenteditable=false]', {
        timeout: WAIT_MS,
      });
    }
    expect(await room.candidate.isDisabled('[data-testid=chat-input]')).toBe(true);
    await screenshot(room.candidate, 'room-ended');

    const recordingFetches: string[] = [];
    const onRequest = (req: { url(): string }) => {
      if (req.url().includes('/recording')) recordingFetches.push(req.url());
    };
    room.interviewer.on('request', onRequest);
    await room.interviewer.goto(room.server.url);
    await waitForText(room.interviewer, '[data-testid=sessions]', 'Ada <b>L</b> (candidate)');
    await waitForText(room.interviewer, '[data-testid=sessions]', 'ended');
    await waitForText(room.interviewer, '[data-testid=sessions]', '%)');
    // The list comes from the summaries alone: no recording is downloaded for it.
    expect(recordingFetches).toEqual([]);
    room.interviewer.off('request', onRequest);
    await screenshot(room.interviewer, 'home-sessions');
    await room.interviewer.click('[data-testid=sessions] a:text("Replay")');
    await room.interviewer.waitForSelector('[data-testid=seek]', { timeout: WAIT_MS });
    await room.interviewer.focus('[data-testid=seek]');
    await room.interviewer.keyboard.press('End');
    await waitForText(room.interviewer, '[data-testid=replay-code] .cm-content', 'after restart');
    const code = await editorText(room.interviewer, '[data-testid=replay-code]');
    expect(code).toMatch(
      /^\/\/ after restart\n\/\/ typed offline\n\/\/ reviewed by Grace\n\/\/ hello from Ada\n/,
    );
    await waitForText(room.interviewer, '[data-testid=replay-chat]', XSS);
    expect(await readGlobal(room.interviewer, '__xss')).toBeUndefined();
    await room.interviewer.keyboard.press('Home');
    await room.interviewer.click('[data-testid=play]');
    await waitForText(room.interviewer, '[data-testid=play]', 'Pause');
    await waitForText(
      room.interviewer,
      '[data-testid=replay-code] .cm-content',
      'hello from Ada',
      30_000,
    );
    await room.interviewer.click('[data-testid=play]');
    await screenshot(room.interviewer, 'replay');
    await waitForText(room.interviewer, '[data-testid=run-diff]', '+ // after restart');
    expect(await room.interviewer.textContent('[data-testid=run-diff]')).not.toContain(
      '+ // hello from Ada',
    );
    await room.interviewer.locator('[data-testid=run-diff]').scrollIntoViewIfNeeded();
    await screenshot(room.interviewer, 'replay-diff');
    expect(room.pageErrors.flat()).toEqual([]);
  });

  it('shows links once, and replaces a lost one from the home page', async () => {
    await room.interviewer.goto(room.server.url);
    await waitForText(room.interviewer, '[data-testid=sessions]', 'Browser test');
    await room.interviewer.click('[data-testid=sessions] [data-testid=new-link]');
    await room.interviewer.click('[data-testid=rotate-observer]');
    const field = room.interviewer.locator('[data-testid=link-observer]');
    await field.waitFor({ timeout: WAIT_MS });
    const fresh = await field.inputValue();
    expect(fresh).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    expect(fresh).not.toBe(links.observer);
    await room.interviewer.selectOption('#level', 'level1');
    await room.interviewer.click('form.create-form button[type=submit]');
    await waitForText(room.interviewer, '[data-testid=links-once]', 'links are shown once');
    expect(room.pageErrors.flat()).toEqual([]);
  });
});
