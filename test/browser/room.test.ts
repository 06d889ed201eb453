import { existsSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { levelPaths } from '../../src/levels/level-registry.js';
import { kitRoot } from '../../src/paths.js';
import { readGuideOutline } from '../../src/room/level-briefing.js';
import {
  buildWebBundle,
  editorText,
  hasChromium,
  type KitServe,
  launchBrowser,
  openPage,
  readGlobal,
  screenshot,
  startKitServe,
  tempDataDir,
  WAIT_MS,
  waitForText,
} from './browser-support.js';

const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
/** The real grading engine runs vitest in a child process: give it room. */
const RUN_WAIT_MS = 120_000;

async function join(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.fill('[data-testid=join-name]', name);
  await page.click('button[type=submit]');
  await waitForText(page, '[data-testid=status]', 'Online');
}

async function typeAtTop(page: Page, text: string): Promise<void> {
  await page.click('[data-testid=editor] .cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.type(text);
}

const SUITE = hasChromium
  ? 'the room in a browser (Chromium)'
  : 'the room in a browser: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)';

describe.skipIf(!hasChromium)(SUITE, () => {
  const data = tempDataDir();
  let server: KitServe;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const links = { interviewer: '', candidate: '', observer: '' };
  let interviewer: Page;
  let candidate: Page;
  let candidateOffline: (offline: boolean) => Promise<void>;
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    buildWebBundle();
    server = await startKitServe(data.dir);
    ({ browser, close: closeBrowser } = await launchBrowser());
    const a = await openPage(browser);
    const b = await openPage(browser);
    interviewer = a.page;
    candidate = b.page;
    candidateOffline = (offline) => b.context.setOffline(offline);
    pageErrors.push(a.errors, b.errors);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await screenshot(interviewer, `failed-${ctx.task.name.slice(0, 30)}-interviewer`).catch(
      () => {},
    );
    await screenshot(candidate, `failed-${ctx.task.name.slice(0, 30)}-candidate`).catch(() => {});
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.stop();
    data.remove();
  });

  it('serves the page with a policy that forbids inline scripts', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toMatch(/\/assets\/app-[A-Z0-9]{8}\.js/);
  });

  it('lets the interviewer create a session and copy its three links', async () => {
    await interviewer.goto(server.url);
    await interviewer.waitForSelector('#level option[value=level1]', {
      state: 'attached',
      timeout: WAIT_MS,
    });
    await interviewer.selectOption('#level', 'level1');
    await interviewer.fill('#title', 'Browser test');
    await interviewer.click('form.create-form button[type=submit]');
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      const input = interviewer.locator(`[data-testid=link-${role}]`);
      await input.waitFor({ timeout: WAIT_MS });
      links[role] = await input.inputValue();
      expect(links[role]).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    }
    await waitForText(interviewer, '[data-testid=sessions]', 'Browser test');
    await screenshot(interviewer, 'home');
  });

  it('joins interviewer and candidate, who see each other and each other’s edits', async () => {
    await join(interviewer, links.interviewer, 'Grace');
    await join(candidate, links.candidate, 'Ada <b>L</b>');
    await waitForText(interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    await waitForText(candidate, '[data-testid=peers]', 'Grace');
    expect(await candidate.locator('[data-testid=peers] b').count()).toBe(0);
    await typeAtTop(candidate, '// hello from Ada\n');
    await waitForText(interviewer, '[data-testid=editor] .cm-content', 'hello from Ada');
    await typeAtTop(interviewer, '// reviewed by Grace\n');
    await waitForText(candidate, '[data-testid=editor] .cm-content', 'reviewed by Grace');
    expect(await editorText(candidate)).toMatch(/^\/\/ reviewed by Grace\n\/\/ hello from Ada\n/);
    await waitForText(interviewer, '.cm-ySelectionInfo', 'Ada');
  });

  it('shows the task from the server and the guide’s phases to the interviewer only', async () => {
    expect(existsSync(joinPath(kitRoot, 'dist', 'web', 'assets', 'tasks'))).toBe(false);
    const readme = readFileSync(levelPaths('level1').readme, 'utf8');
    const heading = /^#\s+(.+)$/m.exec(readme)?.[1]?.replace(/[`*]/g, '').trim() ?? '';
    for (const page of [interviewer, candidate]) {
      await waitForText(page, '[data-testid=task]', heading);
    }
    const [first] = readGuideOutline('level1').phases;
    if (first) await waitForText(interviewer, '[data-testid=phase]', first.title);
    await waitForText(interviewer, '[data-testid=phase]', ' / ');
    expect(await candidate.locator('[data-testid=phase]').count()).toBe(0);
    const clock = async (page: Page) =>
      ((await page.textContent('[data-testid=phase] .clock')) ?? '').split(' / ')[0];
    // A reload keeps the clock: it starts at the server's startedAt, not at the page load.
    const before = await clock(interviewer);
    await interviewer.waitForTimeout(1100);
    await interviewer.reload();
    await waitForText(interviewer, '[data-testid=status]', 'Online');
    await waitForText(interviewer, '[data-testid=phase]', ' / ');
    expect(await clock(interviewer)).not.toBe('0:00');
    expect(before).toMatch(/^\d+:\d\d$/);
  });

  it('shows chat as text, with a typing indicator, and runs no script from it', async () => {
    await candidate.fill('[data-testid=chat-input]', 'thinking');
    await candidate.type('[data-testid=chat-input]', '…');
    await waitForText(interviewer, '[data-testid=typing]', 'is typing');
    await candidate.fill('[data-testid=chat-input]', XSS);
    await candidate.press('[data-testid=chat-input]', 'Enter');
    for (const page of [interviewer, candidate]) {
      await waitForText(page, '[data-testid=chat]', XSS);
      expect(await page.locator('[data-testid=chat] .chat-text').last().textContent()).toBe(XSS);
      expect(await page.locator('[data-testid=chat] script, [data-testid=chat] img').count()).toBe(
        0,
      );
      expect(await readGlobal(page, '__xss')).toBeUndefined();
    }
    await waitForText(interviewer, '[data-testid=typing]', '', WAIT_MS);
    await interviewer.fill('[data-testid=chat-input]', 'Take your time. Run the tests when ready.');
    await interviewer.press('[data-testid=chat-input]', 'Enter');
    await waitForText(candidate, '[data-testid=chat]', 'Take your time');
  });

  it(
    'runs the visible tests for the candidate and shows both the scorecard',
    async () => {
      await candidate.click('[data-testid=run-visible]');
      await waitForText(interviewer, '[data-testid=run-status]', 'Running', RUN_WAIT_MS);
      // The interviewer sees the rubric's points; the candidate their own visible tests.
      await waitForText(interviewer, '[data-testid=scorecard]', 'points', RUN_WAIT_MS);
      await waitForText(candidate, '[data-testid=scorecard]', 'visible tests pass', RUN_WAIT_MS);
      for (const page of [candidate, interviewer]) {
        await waitForText(page, '[data-testid=scorecard]', 'by Ada');
      }
      expect(await candidate.textContent('[data-testid=scorecard]')).toMatch(
        /Run 1 · visible tests/,
      );
      await interviewer.click('summary:text("Private notes")');
      await interviewer.fill(
        '[aria-label="Private note"]',
        'Explained the broadcast loop clearly.',
      );
      await interviewer.click('.note-form button');
      await waitForText(interviewer, '[data-testid=notes]', 'broadcast loop');
      expect(await candidate.locator('[data-testid=notes]').count()).toBe(0);
      await screenshot(interviewer, 'room-interviewer');
      await screenshot(candidate, 'room-candidate');
    },
    RUN_WAIT_MS + 30_000,
  );

  it('reconnects the candidate after the network drops, keeping edits made offline', async () => {
    await candidateOffline(true);
    await waitForText(candidate, '[data-testid=status]', 'Offline', WAIT_MS);
    await waitForText(interviewer, '[data-testid=peers]', 'Ada', WAIT_MS, false);
    await typeAtTop(candidate, '// typed offline\n');
    await candidateOffline(false);
    await waitForText(candidate, '[data-testid=status]', 'Online', WAIT_MS);
    await waitForText(interviewer, '[data-testid=editor] .cm-content', 'typed offline');
    await waitForText(interviewer, '[data-testid=peers]', 'Ada');
    expect(await candidate.locator('[data-testid=chat] .chat-entry').count()).toBe(2);
    await waitForText(candidate, '[data-testid=scorecard]', 'visible tests pass');
  });

  it('restores the room after a server restart', async () => {
    await server.stop();
    await waitForText(candidate, '[data-testid=status]', 'Offline');
    server = await startKitServe(data.dir, server.port);
    for (const page of [interviewer, candidate]) {
      await waitForText(page, '[data-testid=status]', 'Online', 30_000);
      await waitForText(page, '[data-testid=editor] .cm-content', 'typed offline');
      await waitForText(page, '[data-testid=chat]', XSS);
    }
    await typeAtTop(candidate, '// after restart\n');
    await waitForText(interviewer, '[data-testid=editor] .cm-content', 'after restart');
  });

  it(
    'grades everything for the interviewer and withholds the grade from the candidate',
    async () => {
      await interviewer.click('[data-testid=run-all]');
      for (const page of [interviewer, candidate]) {
        await waitForText(page, '[data-testid=scorecard]', 'Run 2 · all tests', RUN_WAIT_MS);
      }
      await waitForText(candidate, '[data-testid=run-withheld]', 'shows here if they share it');
    },
    RUN_WAIT_MS + 30_000,
  );

  it('keeps an observer read-only', async () => {
    const { context, page } = await openPage(browser);
    await join(page, links.observer, 'Olive');
    await waitForText(page, '[data-testid=editor] .cm-content', 'after restart');
    expect(await page.getAttribute('[data-testid=editor] .cm-content', 'contenteditable')).toBe(
      'false',
    );
    await page.click('[data-testid=editor] .cm-content');
    await page.keyboard.type('// observer was here');
    expect(await editorText(page)).not.toContain('observer was here');
    expect(await page.isDisabled('[data-testid=chat-input]')).toBe(true);
    expect(await page.locator('[data-testid=run-visible], [data-testid=run-all]').count()).toBe(0);
    await waitForText(interviewer, '[data-testid=peers]', 'Olive');
    await context.close();
  });

  it('replaces the candidate’s link from the room: the old page is told why, the new one joins', async () => {
    await interviewer.click('.links-box summary');
    await interviewer.click('[data-testid=rotate-candidate]');
    const field = interviewer.locator('[data-testid=rotated-link] [data-testid=link-candidate]');
    await field.waitFor({ timeout: WAIT_MS });
    const fresh = await field.inputValue();
    expect(fresh).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    expect(fresh).not.toBe(links.candidate);
    await waitForText(candidate, '[data-testid=revoked]', 'This link was replaced');
    await waitForText(interviewer, '[data-testid=peers]', 'Ada <b>L</b>', WAIT_MS, false);
    await screenshot(candidate, 'link-rotated');
    // The tab remembers the name, so the new link joins straight away.
    await candidate.goto(fresh);
    await waitForText(candidate, '[data-testid=status]', 'Online');
    await waitForText(interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    links.candidate = fresh;
  });

  it('tells a candidate who was offline during a rotation why the link no longer works', async () => {
    await candidateOffline(true);
    await waitForText(interviewer, '[data-testid=peers]', 'Ada <b>L</b>', WAIT_MS, false);
    await interviewer.click('[data-testid=rotate-candidate]');
    const field = interviewer.locator('[data-testid=rotated-link] [data-testid=link-candidate]');
    await expect.poll(() => field.inputValue(), { timeout: WAIT_MS }).not.toBe(links.candidate);
    const fresh = await field.inputValue();
    await candidateOffline(false);
    await waitForText(candidate, '[data-testid=revoked]', 'This link was replaced');
    await candidate.goto(fresh);
    await waitForText(candidate, '[data-testid=status]', 'Online');
    links.candidate = fresh;
  });

  it('reopens the interviewer’s own page on a new interviewer link', async () => {
    const before = interviewer.url();
    await interviewer.click('[data-testid=rotate-interviewer]');
    await interviewer.waitForURL((url) => url.href !== before, { timeout: WAIT_MS });
    const token = new URL(interviewer.url()).searchParams.get('token');
    expect(token).toBeTruthy();
    expect(token).not.toBe(new URL(links.interviewer).searchParams.get('token'));
    await waitForText(interviewer, '[data-testid=status]', 'Online');
    await interviewer.waitForSelector('[data-testid=candidate-can-edit]', { timeout: WAIT_MS });
    await waitForText(interviewer, '[data-testid=peers]', 'Ada <b>L</b>');
    links.interviewer = interviewer.url();
  });

  it('lets the interviewer take and give back the candidate’s edit rights', async () => {
    const editable = '[data-testid=editor] .cm-content[contenteditable=true]';
    const readOnly = '[data-testid=editor] .cm-content[contenteditable=false]';
    await interviewer.uncheck('[data-testid=candidate-can-edit]');
    await candidate.waitForSelector(readOnly, { timeout: WAIT_MS });
    await waitForText(interviewer, '[data-testid=peers]', 'read-only');
    await interviewer.check('[data-testid=candidate-can-edit]');
    await candidate.waitForSelector(editable, { timeout: WAIT_MS });
    await waitForText(interviewer, '[data-testid=peers]', 'read-only', WAIT_MS, false);
  });

  it('ends the session: everyone goes read-only, and the replay shows the final code', async () => {
    await interviewer.click('text=End session…');
    await interviewer.click('text=End for everyone');
    for (const page of [interviewer, candidate]) {
      await waitForText(page, '[data-testid=banner]', 'ended');
      await page.waitForSelector('[data-testid=editor] .cm-content[contenteditable=false]', {
        timeout: WAIT_MS,
      });
    }
    expect(await candidate.isDisabled('[data-testid=chat-input]')).toBe(true);
    await screenshot(candidate, 'room-ended');

    const recordingFetches: string[] = [];
    const onRequest = (req: { url(): string }) => {
      if (req.url().includes('/recording')) recordingFetches.push(req.url());
    };
    interviewer.on('request', onRequest);
    await interviewer.goto(server.url);
    await waitForText(interviewer, '[data-testid=sessions]', 'Ada <b>L</b> (candidate)');
    await waitForText(interviewer, '[data-testid=sessions]', 'ended');
    await waitForText(interviewer, '[data-testid=sessions]', '%)');
    // The list comes from the summaries alone: no recording is downloaded for it.
    expect(recordingFetches).toEqual([]);
    interviewer.off('request', onRequest);
    await screenshot(interviewer, 'home-sessions');
    await interviewer.click('[data-testid=sessions] a:text("Replay")');
    await interviewer.waitForSelector('[data-testid=seek]', { timeout: WAIT_MS });
    await interviewer.focus('[data-testid=seek]');
    await interviewer.keyboard.press('End');
    await waitForText(interviewer, '[data-testid=replay-code] .cm-content', 'after restart');
    const code = await editorText(interviewer, '[data-testid=replay-code]');
    expect(code).toMatch(
      /^\/\/ after restart\n\/\/ typed offline\n\/\/ reviewed by Grace\n\/\/ hello from Ada\n/,
    );
    await waitForText(interviewer, '[data-testid=replay-chat]', XSS);
    expect(await readGlobal(interviewer, '__xss')).toBeUndefined();
    await interviewer.keyboard.press('Home');
    await interviewer.click('[data-testid=play]');
    await waitForText(interviewer, '[data-testid=play]', 'Pause');
    await waitForText(
      interviewer,
      '[data-testid=replay-code] .cm-content',
      'hello from Ada',
      30_000,
    );
    await interviewer.click('[data-testid=play]');
    await screenshot(interviewer, 'replay');
    await waitForText(interviewer, '[data-testid=run-diff]', '+ // after restart');
    expect(await interviewer.textContent('[data-testid=run-diff]')).not.toContain(
      '+ // hello from Ada',
    );
    await interviewer.locator('[data-testid=run-diff]').scrollIntoViewIfNeeded();
    await screenshot(interviewer, 'replay-diff');
    expect(pageErrors.flat()).toEqual([]);
  });

  it('shows links once, and replaces a lost one from the home page', async () => {
    await interviewer.goto(server.url);
    await waitForText(interviewer, '[data-testid=sessions]', 'Browser test');
    await interviewer.click('[data-testid=sessions] [data-testid=new-link]');
    await interviewer.click('[data-testid=rotate-observer]');
    const field = interviewer.locator('[data-testid=link-observer]');
    await field.waitFor({ timeout: WAIT_MS });
    const fresh = await field.inputValue();
    expect(fresh).toMatch(/\/s\/[0-9a-f-]+\?token=/);
    expect(fresh).not.toBe(links.observer);
    await interviewer.selectOption('#level', 'level1');
    await interviewer.click('form.create-form button[type=submit]');
    await waitForText(interviewer, '[data-testid=links-once]', 'links are shown once');
    expect(pageErrors.flat()).toEqual([]);
  });
});
