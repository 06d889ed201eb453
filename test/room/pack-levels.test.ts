import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useLevelPacks } from '../../src/levels/level-sources.js';
import { readStarterFiles } from '../../src/room/starter-files.js';
import { api, startTestServer } from './helpers.js';

// `kit serve --levels <pack>`: the room offers a pack's levels beside the kit's, by the same API.

const PACK = join(import.meta.dirname, '../fixtures/level-pack');
let ctx: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await ctx?.stop();
  useLevelPacks([]);
});

describe('the room with a level pack', () => {
  it('lists the pack’s level with its pack and no path, and opens a session of it', async () => {
    useLevelPacks([PACK]);
    ctx = await startTestServer({ starterFiles: readStarterFiles });
    const levels = await api(ctx.server, 'GET', '/api/levels');
    const listed = (levels.body?.levels ?? []) as Record<string, unknown>[];
    expect(listed.map((l) => l.id)).toEqual(['level1', 'level2', 'level3', 'tiny']);
    expect(listed[3]).toEqual({
      id: 'tiny',
      slug: 'greet',
      title: 'Greet: a function that says hello',
      minutes: 5,
      summary: 'Return a greeting for a trimmed name.',
      pack: 'tiny-pack',
    });
    const created = await api(ctx.server, 'POST', '/api/sessions', { level: 'greet' });
    expect(created.status).toBe(201);
    const session = created.body?.session as { level: Record<string, unknown>; files: string[] };
    expect(session.level).toMatchObject({ id: 'tiny', minutes: 5 });
    expect(session.files).toEqual(['greet.ts']);
  });
});
