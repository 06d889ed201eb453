import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSessions } from '../../src/commands/sessions.js';
import { readRecording } from '../../src/room/store/recording.js';
import { SessionStore } from '../../src/room/store/session-store.js';
import { TestClient } from './helpers.js';

// Bundled inside the repo so the kit finds its root (package.json) from the bundle's path.
const bundle = join(import.meta.dirname, '../../node_modules/.cache/kit-room-test/serve-child.mjs');
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  mkdirSync(join(bundle, '..'), { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures/serve-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    banner: {
      // Named apart: a bundled module may import `createRequire` itself (the integrity scan does).
      js: "import { createRequire as __bannerRequire } from 'node:module'; const require = __bannerRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  dataDir = mkdtempSync(join(tmpdir(), 'kit-room-restart-'));
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the server in a child process and resolves with its origin once it listens. */
async function startChild(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [bundle, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('server child did not start in 10 s')), 10_000),
    ),
  ]);
  return { child, origin: (JSON.parse(first) as { origin: string }).origin };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('room server restart', () => {
  it('loses nothing recorded when the server is killed and started again on the same data', async () => {
    const first = await startChild();
    const res = await fetch(`${first.origin}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: 'Bearer restart-test-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ level: 'level1' }),
    });
    const { session, links } = (await res.json()) as {
      session: { id: string };
      links: { interviewer: string; candidate: string };
    };
    // Only the create answer carries the tokens; session.json keeps their hashes.
    const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';
    const stored = {
      tokens: { interviewer: tokenOf(links.interviewer), candidate: tokenOf(links.candidate) },
    };
    const interviewer = await TestClient.connect(
      first.origin,
      session.id,
      stored.tokens.interviewer,
    );
    const candidate = await TestClient.connect(
      first.origin,
      session.id,
      stored.tokens.candidate,
      'Ada',
    );
    candidate.insert('room.ts', 0, '// before the crash\n');
    await interviewer.waitForText('room.ts', '// before the crash\nexport class Room {}\n');
    candidate.send({ type: 'chat', text: 'hello' });
    await interviewer.next('chat');
    interviewer.send({ type: 'note', text: 'good start' });
    await interviewer.next('note');
    interviewer.send({ type: 'run.request' });
    await interviewer.next('run.result');

    await killed(first.child);
    await candidate.waitClosed();

    const second = await startChild();
    const back = await TestClient.connect(second.origin, session.id, stored.tokens.interviewer);
    const welcome = back.all('welcome')[0];
    expect(back.text('room.ts')).toBe('// before the crash\nexport class Room {}\n');
    expect(welcome?.chat.map((c) => c.text)).toEqual(['hello']);
    expect(welcome?.notes.map((n) => n.text)).toEqual(['good start']);
    expect(welcome?.lastRun?.runId).toBe(1);
    expect(welcome?.peers).toHaveLength(1);
    back.send({ type: 'chat', text: 'after the restart' });
    expect((await back.next('chat')).id).toBe(2);
    await killed(second.child);

    const { events, tornTail } = readRecording(new SessionStore(dataDir).recordingPath(session.id));
    expect(tornTail).toBe(false);
    // The crash left two peers joined: the next start closed them with a `shutdown` leave.
    expect(events.filter((e) => e.type === 'leave' && e.reason === 'shutdown')).toHaveLength(2);
    expect(listSessions({ data: dataDir })[0]).toMatchObject({
      id: session.id,
      chatMessages: 2,
      runs: 1,
    });
  });
});
