import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { kitRoot } from '../../src/paths.js';

/** Debian's Chromium; CI installs it (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';
/** True when the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM);
/** Where reviewers find the pictures of the pages. */
export const SCREENSHOTS = join(kitRoot, 'test-results', 'screenshots');
/** Bound for every wait on the page. */
export const WAIT_MS = 15_000;

/** Builds the page bundle into dist/web, as `npm run build` does. */
export function buildWebBundle(): void {
  execFileSync(process.execPath, [join(kitRoot, 'scripts', 'build-web.mjs')], { stdio: 'pipe' });
}

/** A headless Chromium; playwright gives each launch a fresh temporary profile and removes it. */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A new context at 1280x800, collecting uncaught errors and CSP violations. */
export async function openPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  // Not every console error: failed connections while a test cuts the network are expected.
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Saves a full-page screenshot under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Waits (bounded, polled in the page) until the element's text contains `text`, or not. */
export async function waitForText(
  page: Page,
  selector: string,
  text: string,
  timeout = WAIT_MS,
  present = true,
): Promise<void> {
  // A function, not a string: the page's CSP forbids eval, as it should.
  await page.waitForFunction(
    ([sel, want, yes]) => {
      const el = (globalThis as unknown as PageDom).document.querySelector(sel);
      return (el?.textContent ?? '').includes(want) === yes;
    },
    [selector, text, present] as const,
    { timeout, polling: 'raf' },
  );
}

/** The little of the page's DOM the helpers touch (this Node project has no DOM lib). */
interface PageDom {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

/** Reads a global the page may have set (used to prove no injected script ran). */
export function readGlobal(page: Page, name: string): Promise<unknown> {
  return page.evaluate((key) => (globalThis as Record<string, unknown>)[key], name);
}

/** The text of the open file in a page's editor (CodeMirror lines joined with newlines). */
export async function editorText(page: Page, selector = '[data-testid=editor]'): Promise<string> {
  return page.$$eval(`${selector} .cm-line`, (lines) =>
    lines
      .map((line) => {
        // Remote cursors are widgets inside the line: leave their name labels out.
        const copy = line.cloneNode(true) as typeof line;
        for (const w of copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer')) w.remove();
        return (copy.textContent ?? '').replaceAll('\u2060', '');
      })
      .join('\n'),
  );
}

/** A temporary data directory for a room server. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kit-room-browser-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A `kit serve` child process, as the interviewer runs it. */
export interface KitServe {
  /** The interviewer's URL with the server token, as printed. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `node dist/bin/kit.js serve` (built by `npm run build`) and reads the URL it prints. */
export function startKitServe(dataDir: string, port = 0): Promise<KitServe> {
  const bin = join(kitRoot, 'dist', 'bin', 'kit.js');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data', dataDir], {
    cwd: kitRoot,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kit serve printed no URL within ${WAIT_MS} ms:\n${output}`));
    }, WAIT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/.exec(output);
      if (!url?.[1] || !url[2]) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        url: url[1],
        port: Number(url[2]),
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kit serve exited with ${code}:\n${output}`));
    });
  });
}
