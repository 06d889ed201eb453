import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';

// The processes a room bench starts (redis-server, `kit serve`, `kit worker`) and the session it
// opens through the API, shared by the room benches.

/** The kit's CLI, as built beside the benches (dist/bin/kit.js). */
export const kitBin = join(import.meta.dirname, '../../bin/kit.js');

/** The server's message once it listens; its first group is the room's origin. */
export const ROOM_READY = /Interview room on (http:\/\/[^/\s]+)/;

/** A loopback TCP port nothing listens on right now (bound once, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` (added to `children`, for the bench to kill at its end) and resolves once its
 * output matches `ready`, with the first group of the match and the process id.
 */
export function startProcess(
  children: ChildProcess[],
  command: string,
  args: string[],
  ready: RegExp,
): Promise<{ match: string; pid: number }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (m) resolve({ match: m[1] ?? '', pid: child.pid ?? -1 });
    });
    child.once('exit', (code) =>
      reject(new Error(`${basename(command)} ${args[0] ?? ''} exited ${code}: ${out}`)),
    );
  });
}

/** Starts `kit <args>` from the build, as `startProcess` does. */
export function startKit(
  children: ChildProcess[],
  args: string[],
  ready: RegExp,
): Promise<{ match: string; pid: number }> {
  return startProcess(children, process.execPath, [kitBin, ...args], ready);
}

/** A session made through the API, with its three tokens. */
export interface BenchSession {
  id: string;
  tokens: { interviewer: string; candidate: string; observer: string };
}

/** Makes a level1 session on `origin` with the server token. */
export async function createBenchSession(
  origin: string,
  serverToken: string,
): Promise<BenchSession> {
  const res = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serverToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ level: 'level1' }),
  });
  const body = (await res.json()) as { session: { id: string }; links: Record<string, string> };
  const token = (role: string) => new URL(body.links[role] ?? '').searchParams.get('token') ?? '';
  return {
    id: body.session.id,
    tokens: {
      interviewer: token('interviewer'),
      candidate: token('candidate'),
      observer: token('observer'),
    },
  };
}
