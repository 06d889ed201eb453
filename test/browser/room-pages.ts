import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  buildWebBundle,
  createSession,
  joinRoom,
  type KitServe,
  launchBrowser,
  openPage,
  screenshot,
  startKitServe,
  tempDataDir,
} from './browser-support.js';

/** What useRoomPages sets up: the server, the browser, and the interviewer's and candidate's pages. */
export interface RoomPages {
  server: KitServe;
  /** The server's data dir (removed after the tests), for a test that restarts the server. */
  dataDir: string;
  browser: Browser;
  interviewer: Page;
  candidate: Page;
  candidateContext: BrowserContext;
  /** The session both pages joined (empty links when no `session` was asked for). */
  links: Awaited<ReturnType<typeof createSession>>;
  /** Uncaught errors and CSP violations, one list per page the helper opened. */
  pageErrors: string[][];
  /** Browser contexts closed after the tests (the two pages', and any a test adds). */
  contexts: BrowserContext[];
}

/** Options of useRoomPages. */
export interface RoomPagesOptions {
  /** Lets the pages inject axe-core (the page's own policy is tested in room.test.ts). */
  bypassCSP?: boolean;
  /** Put after `failed-` in the names of the screenshots taken when a test fails. */
  failurePrefix?: string;
  /** Creates this session and joins it: the interviewer as `names[0]`, the candidate as `names[1]`. */
  session?: { level: string; title: string; names: [string, string] };
}

/**
 * Builds the page bundle, starts `kit serve` and Chromium, and opens two pages before the
 * describe block's tests; screenshots both pages when a test fails; closes everything after.
 */
export function useRoomPages(options: RoomPagesOptions = {}): RoomPages {
  const data = tempDataDir();
  let closeBrowser: (() => Promise<void>) | undefined;
  const room = {
    dataDir: data.dir,
    links: { interviewer: '', candidate: '', observer: '', id: '' },
    pageErrors: [],
    contexts: [],
  } as unknown as RoomPages;
  beforeAll(async () => {
    buildWebBundle();
    room.server = await startKitServe(data.dir);
    ({ browser: room.browser, close: closeBrowser } = await launchBrowser());
    const a = await openPage(room.browser, { bypassCSP: options.bypassCSP });
    const b = await openPage(room.browser, { bypassCSP: options.bypassCSP });
    room.contexts.push(a.context, b.context);
    room.interviewer = a.page;
    room.candidate = b.page;
    room.candidateContext = b.context;
    room.pageErrors.push(a.errors, b.errors);
    const session = options.session;
    if (!session) return;
    room.links = await createSession(room.server.url, session.level, session.title);
    await joinRoom(room.interviewer, room.links.interviewer, session.names[0]);
    await joinRoom(room.candidate, room.links.candidate, session.names[1]);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const name = `failed-${options.failurePrefix ?? ''}${ctx.task.name.slice(0, 30)}`;
    await screenshot(room.interviewer, `${name}-interviewer`).catch(() => {});
    await screenshot(room.candidate, `${name}-candidate`).catch(() => {});
  });
  afterAll(async () => {
    for (const c of room.contexts) await c.close().catch(() => {});
    await closeBrowser?.();
    await room.server?.stop();
    data.remove();
  });
  return room;
}
