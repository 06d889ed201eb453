import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../room/helpers.js';
import { kitBin } from '../support/run-kit.js';

/** A `kit serve --redis` child process, as a user starts one on each machine. */
export interface Instance {
  origin: string;
  child: ChildProcess;
  dataDir: string;
}

/** The token every instance of the test deployment shares (from --token-file). */
export const SHARED_TOKEN = 'cluster-test-token-0123456789abcdef';

/** Starts `kit serve --redis <url> --port 0` with a data dir and the shared token file. */
export async function startInstance(redisUrl: string, extra: string[] = []): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kit-instance-'));
  const tokenFile = join(dataDir, 'token');
  writeFileSync(tokenFile, SHARED_TOKEN);
  const child = spawn(
    process.execPath,
    [
      kitBin,
      'serve',
      '--redis',
      redisUrl,
      '--port',
      '0',
      '--data',
      join(dataDir, 'data'),
      '--token-file',
      tokenFile,
      ...extra,
    ],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kit serve did not start: ${out} ${err}`)),
      15_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Interview room on (http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => reject(new Error(`kit serve exited ${code}: ${err}`)));
  });
  return { origin, child, dataDir };
}

/** Kills an instance like a crash (SIGKILL) and waits for it to be gone. */
export async function killInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGKILL');
  });
}

/** Stops an instance and removes its data dir. */
export async function stopInstance(instance: Instance): Promise<void> {
  await killInstance(instance);
  rmSync(instance.dataDir, { recursive: true, force: true });
}

/** Creates a session through an instance's API; returns its id and the three tokens. */
export async function createSession(origin: string, title: string) {
  const res = await fetch(`${origin}/api/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SHARED_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ level: 'level1', title }),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
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

/** Connects, retrying while the session's room moves (a dead owner's lease runs out). */
export async function connectRetrying(
  origin: string,
  id: string,
  token: string,
  name: string,
  withinMs = 20_000,
): Promise<TestClient> {
  const started = Date.now();
  for (;;) {
    try {
      const client = await TestClient.connect(origin, id, token, name);
      if (!client.closed) return client;
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
