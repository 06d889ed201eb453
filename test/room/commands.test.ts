import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportSession } from '../../src/commands/export.js';
import { replaySession } from '../../src/commands/replay.js';
import { listSessions } from '../../src/commands/sessions.js';
import { levelPaths } from '../../src/levels/level-registry.js';
import { readRecording } from '../../src/room/store/recording.js';
import { startTestServer } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
const dirs: string[] = [];
afterEach(async () => {
  await ctx?.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Plays a short session, then stops the server and keeps its data. */
async function recordSession() {
  ctx = await startTestServer();
  const interviewer = await ctx.connect('interviewer', 'Grace');
  const candidate = await ctx.connect('candidate', 'Ada');
  candidate.insert('room.ts', 0, '// final\n');
  await interviewer.waitForText('room.ts', '// final\nexport class Room {}\n');
  candidate.send({ type: 'chat', text: 'done <b>now</b>' });
  await interviewer.next('chat');
  interviewer.send({ type: 'run.request' });
  await interviewer.next('run.result');
  interviewer.send({ type: 'session.end' });
  await interviewer.next('session.ended');
  const { dataDir, session } = ctx;
  await ctx.server.close();
  return { dataDir, id: session.id };
}

describe('kit sessions, replay and export', () => {
  it('lists recorded sessions with their counts', async () => {
    const { dataDir, id } = await recordSession();
    const [listed] = listSessions({ data: dataDir });
    expect(listed).toMatchObject({
      id,
      status: 'ended',
      chatMessages: 1,
      runs: 1,
      participants: ['Grace (interviewer)', 'Ada (candidate)'],
    });
  });

  it('prints the final state non-interactively: code and chat together', async () => {
    const { dataDir, id } = await recordSession();
    const replay = replaySession({ id, data: dataDir });
    expect(replay.final).toContain('## room.ts\n// final\nexport class Room {}');
    expect(replay.final).toContain('Ada (candidate): done <b>now</b>');
    expect(replay.final).toContain('run 1 (all) by Grace');
    expect(replay.final).toMatch(/ended \d{4}-/);
  });

  it('plays frames in order, capping idle time and scaling by speed', async () => {
    const { dataDir, id } = await recordSession();
    const frames = [...replaySession({ id, data: dataDir, speed: 2, idleLimitMs: 1000 }).frames()];
    expect(frames.length).toBe(
      readRecording(join(dataDir, 'sessions', id, 'recording.ndjson')).events.length,
    );
    expect(frames.every((f) => f.waitMs <= 500)).toBe(true);
    const edit = frames.find((f) => f.screen.includes('// final'));
    expect(edit?.screen).toContain('[room.ts]');
    expect(frames.at(-1)?.screen).toContain('session ended');
  });

  it('ignores a torn last line of a recording', async () => {
    const { dataDir, id } = await recordSession();
    const path = join(dataDir, 'sessions', id, 'recording.ndjson');
    const before = readRecording(path).events.length;
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"t":99,"type":"chat","id":9,"fr`);
    const after = readRecording(path);
    expect(after).toMatchObject({ tornTail: true });
    expect(after.events).toHaveLength(before);
  });

  it('refuses an unknown session id with the next command to run', async () => {
    ctx = await startTestServer();
    expect(() => replaySession({ id: 'nope', data: ctx.dataDir })).toThrow(
      'Session "nope" not found. Run `kit sessions`.',
    );
    await expect(
      exportSession({ id: 'nope', dir: '/tmp/x', data: ctx.dataDir }),
    ).rejects.toMatchObject({ code: 'KIT_SESSION_NOT_FOUND' });
  });

  it.skipIf(!existsSync(levelPaths('level1').readme))(
    'exports the final code as a gradable attempt',
    async () => {
      const { dataDir, id } = await recordSession();
      const dir = mkdtempSync(join(tmpdir(), 'kit-export-'));
      dirs.push(dir);
      const result = await exportSession({ id, dir, data: dataDir, force: true });
      expect(readFileSync(join(dir, 'src/room.ts'), 'utf8')).toBe(
        '// final\nexport class Room {}\n',
      );
      expect(existsSync(join(dir, '.kit/attempt.json'))).toBe(true);
      expect(result.sources['server.ts']).toBe("export const greeting = 'hello';\n");
    },
  );
});
