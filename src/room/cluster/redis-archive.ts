import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KitError } from '../../errors.js';
import type { RedisClient } from './redis-connect.js';
import { KEYS } from './redis-keys.js';
import { RedisSessionLog } from './redis-session-log.js';
import { StreamFollower } from './stream-follower.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Writes sessions of a Redis deployment into a data dir as a lone `kit serve` keeps them:
 * `sessions/<id>/session.json` and the whole history as `recording.ndjson` (the NDJSON recording
 * format). `ids` picks sessions; default: every session. Returns the ids written.
 */
export async function archiveFromRedis(
  client: RedisClient,
  dataDir: string,
  ids?: string[],
): Promise<string[]> {
  const all = await client.hGetAll(KEYS.sessions);
  const wanted = ids ?? Object.keys(all);
  // Never read: exportRecording only ranges over the stream.
  const follower = new StreamFollower(client);
  for (const id of wanted) {
    const text = all[id];
    if (text === undefined || !UUID.test(id)) {
      throw new KitError(
        'KIT_SESSION_NOT_FOUND',
        `No session "${id}" in Redis. Run \`kit sessions --redis <url>\` to list them.`,
      );
    }
    const log = new RedisSessionLog({ client, follower, sessionId: id, instance: 'archive' });
    const dir = join(dataDir, 'sessions', id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeWhole(join(dir, 'recording.ndjson'), await log.exportRecording());
    writeWhole(join(dir, 'session.json'), text);
  }
  return wanted;
}

function writeWhole(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
