// The server half of bench/room-load.ts: a room server in its own process, so the figures measure
// the server alone. Talks to the parent over IPC: ready → { origin, sessions }, memory → bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomServer } from '../../src/room/room-server.js';

const sessions = Number(process.argv[2] ?? 50);
const dataDir = mkdtempSync(join(tmpdir(), 'kit-room-bench-'));
const server = await RoomServer.start({
  dataDir,
  heartbeatMs: 0,
  starterFiles: () => ({ 'server.ts': '// bench\n' }),
  runner: { run: async () => Promise.reject(new Error('no runs in the bench')) },
  log: () => {},
});
const created = Array.from({ length: sessions }, () => {
  const s = server.createSession('level1', 'bench');
  return { id: s.id, tokens: s.tokens };
});
process.send?.({ type: 'ready', origin: server.origin, sessions: created });
process.on('message', async (m: { type: string }) => {
  if (m.type === 'memory') {
    globalThis.gc?.();
    process.send?.({
      type: 'memory',
      rss: process.memoryUsage().rss,
      cpuMs: process.cpuUsage().user / 1000,
    });
  }
  if (m.type === 'stop') {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
