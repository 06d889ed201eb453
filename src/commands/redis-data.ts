import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFromRedis } from '../room/cluster/redis-archive.js';
import { connectRedis } from '../room/cluster/redis-connect.js';
import { resolveDataDir } from '../room/store/data-dir.js';

/** A data dir holding sessions copied out of Redis, and how to let it go. */
export interface RedisData {
  data: string;
  /** Removes the copy unless it went to a folder the user named (`--data`: an archive). */
  done(): void;
}

/**
 * For `kit sessions|replay|export --redis <url>`: copies the sessions (`ids`, or all) out of the
 * deployment's Redis into `data` (kept: an archive in the data dir format) or a temporary folder
 * (removed by `done()`), so the command reads them as it reads a data dir.
 */
export async function openRedisData(
  url: string,
  data: string | undefined,
  ids?: string[],
): Promise<RedisData> {
  const client = await connectRedis(url);
  const dir =
    data === undefined ? mkdtempSync(join(tmpdir(), 'kit-redis-sessions-')) : resolveDataDir(data);
  try {
    await archiveFromRedis(client, dir, ids);
  } catch (error) {
    if (data === undefined) rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    client.destroy();
  }
  return {
    data: dir,
    done: () => {
      if (data === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
