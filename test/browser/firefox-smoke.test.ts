import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebBundle,
  createSession,
  type KitServe,
  SCREENSHOTS,
  startKitServe,
  tempDataDir,
} from './browser-support.js';
import { countColour, distinctColours, readPng } from './png-pixels.js';

/** Debian's Firefox ESR; playwright-core cannot drive it, so it only takes a screenshot. */
const FIREFOX = '/usr/bin/firefox-esr';
const hasFirefox = existsSync(FIREFOX);
const FIREFOX_MS = 90_000;

/** Runs `firefox-esr --headless --screenshot` on `url` with a throwaway profile and home. */
function firefoxScreenshot(url: string, path: string): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'kit-firefox-'));
  const args = ['--headless', '--no-remote', '--profile', join(home, 'profile')];
  args.push('--window-size=1280,800', '--screenshot', path, url);
  return mkdir(join(home, 'profile'))
    .then(
      () =>
        new Promise<void>((resolve, reject) => {
          execFile(
            FIREFOX,
            args,
            { env: { ...process.env, HOME: home, MOZ_HEADLESS: '1' }, timeout: FIREFOX_MS },
            (error, _out, err) =>
              error ? reject(new Error(`${error.message}\n${err}`)) : resolve(),
          );
        }),
    )
    .finally(() => rmSync(home, { recursive: true, force: true }));
}

const SUITE = hasFirefox
  ? 'the room page in Firefox ESR (headless screenshot)'
  : 'the room page in Firefox: SKIPPED, /usr/bin/firefox-esr is missing (apt-get install firefox-esr)';

describe.skipIf(!hasFirefox)(SUITE, () => {
  const data = tempDataDir();
  let server: KitServe;

  beforeAll(async () => {
    buildWebBundle();
    server = await startKitServe(data.dir);
  });

  afterAll(async () => {
    await server?.stop();
    data.remove();
  });

  it(
    'renders the room page’s join form (the script ran), not a blank page',
    async () => {
      const { candidate } = await createSession(server.url, 'level1', 'Firefox smoke');
      await mkdir(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, 'firefox-room.png');
      rmSync(path, { force: true });
      await firefoxScreenshot(candidate, path);
      const image = readPng(path);
      expect([image.width, image.height]).toEqual([1280, 800]);
      expect(distinctColours(image)).toBeGreaterThan(20);
      // The blue Join button is drawn by the page's script; the static HTML has no blue at all.
      expect(countColour(image, '#0a6ebd')).toBeGreaterThan(500);
    },
    FIREFOX_MS + 10_000,
  );
});
