import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
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
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
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

/** Makes a session through the API with the server token in `serverUrl`; returns its links. */
export async function createSession(
  serverUrl: string,
  level: string,
  title: string,
): Promise<{ interviewer: string; candidate: string; observer: string; id: string }> {
  const url = new URL(serverUrl);
  const res = await fetch(new URL('/api/sessions', url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${url.searchParams.get('token')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ level, title }),
  });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    session: { id: string };
    links: { interviewer: string; candidate: string; observer: string };
  };
  return { ...body.links, id: body.session.id };
}

/** Joins a room link under `name` and waits until the page is online. */
export async function joinRoom(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.fill('[data-testid=join-name]', name);
  await page.click('button[type=submit]');
  await waitForText(page, '[data-testid=status]', 'Online');
}

/**
 * Counts the bytes the browser received over the network (headers and encoded bodies, as
 * Chromium's Network.loadingFinished reports them) from now on; `total()` reads the sum so far.
 */
export async function countWireBytes(
  page: Page,
): Promise<{ total(): number; byUrl: Map<string, number> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const byUrl = new Map<string, number>();
  let sum = 0;
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    sum += e.encodedDataLength;
    byUrl.set(urls.get(e.requestId) ?? e.requestId, e.encodedDataLength);
  });
  return { total: () => sum, byUrl };
}

/** One axe-core finding, as much of it as a failing test needs to print. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page and returns the serious and critical
 * violations. The page needs a context made with `bypassCSP: true`: axe is injected as a script.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) {
    await page.addScriptTag({ content: axeSource });
  }
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: AxeApi }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The little of axe-core's API the helper calls. */
interface AxeApi {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    }[];
  }>;
}
