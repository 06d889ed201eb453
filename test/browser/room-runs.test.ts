import { describe, expect, it } from 'vitest';
import { hasChromium, screenshot, seriousAxeViolations, waitForText } from './browser-support.js';
import { useRoomPages } from './room-pages.js';

/** The real grading engine runs vitest in a sandboxed child: give it room. */
const RUN_WAIT_MS = 90_000;

const SUITE = hasChromium
  ? 'runs in the room: sharing a grade, cancelling a stuck run (Chromium)'
  : 'runs in the room: SKIPPED, /usr/bin/chromium is missing (apt-get install chromium)';

describe.skipIf(!hasChromium)(SUITE, () => {
  const room = useRoomPages({
    bypassCSP: true,
    session: { level: 'level1', title: 'Runs', names: ['Grace', 'Ada'] },
  });

  it(
    "keeps the interviewer's grade from the candidate until it is shared",
    async () => {
      await room.interviewer.click('[data-testid=run-all]');
      await waitForText(room.candidate, '[data-testid=run-status]', 'Running all tests for Grace');
      // Not the candidate's run: no Cancel for them.
      expect(await room.candidate.isVisible('[data-testid=run-cancel]')).toBe(false);
      await waitForText(room.interviewer, '[data-testid=scorecard]', 'points', RUN_WAIT_MS);
      await waitForText(
        room.candidate,
        '[data-testid=scorecard]',
        'Grace graded the code',
        RUN_WAIT_MS,
      );
      const withheld = (await room.candidate.textContent('.results')) ?? '';
      expect(withheld).not.toMatch(/points|R1|\/tmp\/|\/attempt/);
      expect(await room.candidate.locator('[data-testid=run-share]').count()).toBe(0);

      // Share on one side, the withheld card on the other: nothing axe-core calls serious.
      for (const page of [room.interviewer, room.candidate]) {
        expect(await seriousAxeViolations(page)).toEqual([]);
      }
      await room.interviewer.click('[data-testid=run-share]');
      await waitForText(room.interviewer, '[data-testid=run-shared]', 'Shared with the candidate');
      await waitForText(room.candidate, '[data-testid=scorecard]', 'points');
      await waitForText(
        room.candidate,
        '[data-testid=run-shared]',
        'Grace shared this grade with you',
      );
      const shared = (await room.candidate.textContent('.results')) ?? '';
      expect(shared).toMatch(/Run 1 · all tests/);
      expect(shared).not.toMatch(/\/tmp\/|\/attempt\//);
      await screenshot(room.interviewer, 'shared-grade-interviewer');
      await screenshot(room.candidate, 'shared-grade-candidate');
    },
    RUN_WAIT_MS + 30_000,
  );

  it(
    'shows a stuck run counting up with its output, and lets its starter cancel it',
    async () => {
      await room.candidate.click('[data-testid=editor] .cm-content');
      await room.candidate.keyboard.press('Control+Home');
      await room.candidate.keyboard.insertText(
        "console.log('stuck in a loop');\nwhile (true) {}\n",
      );
      await room.candidate.click('[data-testid=run-visible]');
      await waitForText(
        room.interviewer,
        '[data-testid=run-status]',
        'Running visible tests for Ada',
      );
      // The console shows what the code printed before its loop: the run is in the loop now.
      await waitForText(
        room.candidate,
        '[data-testid=run-console]',
        'stuck in a loop',
        RUN_WAIT_MS,
      );
      await waitForText(room.interviewer, '[data-testid=run-console]', 'stuck in a loop');
      await waitForText(room.candidate, '[data-testid=run-elapsed]', 'of 15 s');
      expect(await room.candidate.isVisible('[data-testid=run-cancel]')).toBe(true);
      expect(await room.interviewer.isVisible('[data-testid=run-cancel]')).toBe(true);
      await screenshot(room.candidate, 'stuck-run-candidate');

      await room.candidate.click('[data-testid=run-cancel]');
      for (const page of [room.candidate, room.interviewer]) {
        await waitForText(page, '[data-testid=run-stopped]', 'Cancelled by Ada after');
      }
      expect(await room.candidate.isDisabled('[data-testid=run-visible]')).toBe(false);
      expect(await room.candidate.isVisible('[data-testid=run-cancel]')).toBe(false);
      expect(await room.candidate.textContent('[data-testid=run-console]')).toContain(
        'stuck in a loop',
      );
      await screenshot(room.candidate, 'cancelled-run-candidate');
      await screenshot(room.interviewer, 'cancelled-run-interviewer');
    },
    RUN_WAIT_MS + 30_000,
  );

  it('has no serious or critical axe-core finding with a stopped run and its console', async () => {
    for (const page of [room.interviewer, room.candidate]) {
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
  });

  it('raised no uncaught error in either page', () => {
    expect(room.pageErrors.flat()).toEqual([]);
  });
});
