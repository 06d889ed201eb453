import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { GradeReport } from '../../src/grading/types.js';
import type { RoomRunner, RunInput } from '../../src/room/live/runner.js';
import type { ServerMessage } from '../../src/room/protocol/protocol.js';
import { RoomServer, type RoomServerOptions } from '../../src/room/room-server.js';
import type { CreatedSession } from '../../src/room/store/session-store.js';

/** Starter files of the fake level every room test uses. */
export const STARTER = {
  'server.ts': "export const greeting = 'hello';\n",
  'room.ts': 'export class Room {}\n',
};

const WAIT_MS = 5000;

/** Resolves when `check` holds, re-checking on each event of `emitter`; fails after a bound. */
function waitOn<T>(
  subscribe: (fn: () => void) => () => void,
  check: () => T | undefined,
  what: string,
  waitMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`Timed out after ${waitMs} ms waiting for ${what}`));
    }, waitMs);
    const unsubscribe = subscribe(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

/** A fake runner: answers a canned report at once, or holds runs until `release()` or an abort. */
export class FakeRunner implements RoomRunner {
  readonly inputs: RunInput[] = [];
  hold = false;
  /** Printed by each run (through `onOutput`) as it starts. */
  output = '';
  #pending: (() => void)[] = [];

  async run(input: RunInput): Promise<GradeReport> {
    this.inputs.push(input);
    if (this.output) input.onOutput(this.output);
    // A held run ends when released or, like the engine's, when its signal aborts.
    if (this.hold) {
      await new Promise<void>((resolve) => {
        this.#pending.push(resolve);
        input.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    return fakeReport(input.scope);
  }

  /** Lets every held run finish. */
  release(): void {
    for (const resolve of this.#pending.splice(0)) resolve();
  }
}

/** A small GradeReport with one visible and, for `all`, one hidden test. */
export function fakeReport(scope: 'all' | 'visible'): GradeReport {
  const test = (visibility: 'visible' | 'hidden', name: string) => ({
    name,
    file: `graders/level1/${visibility}.test.ts`,
    visibility,
    criterion: 'R1',
    state: 'failed' as const,
    errors: [`${name} failed: expected 2`],
    durationMs: 1,
  });
  const tests =
    scope === 'all'
      ? [test('visible', 'visible one'), test('hidden', '[R1] secret edge case')]
      : [test('visible', 'visible one')];
  return {
    schema: 'interview-kit/grade-report',
    version: 2,
    kit: { version: '0.0.0', node: process.version },
    level: { id: 'level1', slug: 'broadcast', title: 'Broadcast' },
    scope,
    attempt: { dir: '/tmp/x', startedAt: null, elapsedMs: null, hintsUsed: 0, editedTests: [] },
    criteria: [
      {
        id: 'R1',
        title: 'relays',
        kind: 'auto',
        points: 2,
        earned: 0,
        status: 'failed',
        tests,
        note: 'private',
      },
    ],
    total: { earned: 0, possible: 2, percent: 0, pending: 0, hintPenalty: 0 },
    problems: [
      { kind: 'load-error', message: 'secret stack', file: 'graders/level1/hidden.test.ts' },
    ],
    sandbox: 'bwrap',
    integrity: { tampered: false, findings: [], flags: [], record: null },
    gradedAt: new Date(0).toISOString(),
    durationMs: 1,
  };
}

/** A room server on 127.0.0.1:0 with a temporary data dir, the fake level and a fake runner. */
export async function startTestServer(options: Partial<RoomServerOptions> = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kit-room-test-'));
  const runner = new FakeRunner();
  const logs: string[] = [];
  const server = await RoomServer.start({
    runner,
    heartbeatMs: 0,
    starterFiles: () => ({ ...STARTER }),
    log: (m) => logs.push(m),
    ...options,
    dataDir,
  });
  const session = server.createSession('level1', 'Test session');
  return {
    server,
    runner,
    session,
    dataDir,
    logs,
    /** Connects a client with a role's token. */
    connect: (
      role: 'interviewer' | 'candidate' | 'observer',
      name?: string,
      s: CreatedSession = session,
    ) => TestClient.connect(server.origin, s.id, s.tokens[role], name),
    async stop(keepData = false) {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A room client: records JSON messages, keeps a synced Y.Doc, waits on events with a bound. */
export class TestClient {
  readonly ws: WebSocket;
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  /** Bound on every wait. */
  waitMs = WAIT_MS;
  /** Pings received (ws answers each with a pong by itself). */
  pings = 0;
  #consumed = new Set<number>();
  #listeners = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.#onBinary(new Uint8Array(data as Buffer));
      else this.messages.push(JSON.parse(String(data)) as ServerMessage);
      this.#notify();
    });
    ws.on('ping', () => {
      this.pings += 1;
      this.#notify();
    });
    // A refused upgrade (a cluster instance answering 503) ends in 'close' too: no crash here.
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.awareness.destroy();
      this.#notify();
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote' || ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      ws.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens a socket and resolves after `welcome` and the initial code arrived. */
  static async connect(
    origin: string,
    id: string,
    token: string,
    name?: string,
  ): Promise<TestClient> {
    const query = `token=${encodeURIComponent(token)}${name ? `&name=${encodeURIComponent(name)}` : ''}`;
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?${query}`);
    const client = new TestClient(ws);
    await client.next('welcome');
    await client.until(() => (client.doc.share.size > 0 ? true : undefined), 'initial code');
    return client;
  }

  /** The first message of a type not yet returned by `next`. */
  next<T extends ServerMessage['type']>(
    type: T,
    what: string = type,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return this.until(() => {
      const index = this.messages.findIndex((m, i) => !this.#consumed.has(i) && m.type === type);
      if (index < 0) return undefined;
      this.#consumed.add(index);
      return this.messages[index] as Extract<ServerMessage, { type: T }>;
    }, `a "${what}" message`);
  }

  /** Every message of a type received so far. */
  all<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
  }

  /** Resolves when `check` returns a value, checked after every frame. */
  until<T>(check: () => T | undefined, what: string): Promise<T> {
    return waitOn(
      (fn) => {
        this.#listeners.add(fn);
        return () => this.#listeners.delete(fn);
      },
      check,
      what,
      this.waitMs,
    );
  }

  /** Resolves when a file's text equals `text`. */
  async waitForText(file: string, text: string): Promise<void> {
    await this.until(
      () => (this.text(file) === text ? true : undefined),
      `${file} to read ${JSON.stringify(text)}`,
    );
  }

  /** Resolves when the socket closed, with its close code. */
  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed ?? undefined, 'the socket to close');
  }

  /** A file's current text in this client's copy. */
  text(file: string): string {
    return this.doc.getText(file).toString();
  }

  /** Sends a JSON message. */
  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Inserts text into a file locally; the update goes to the server. */
  insert(file: string, index: number, text: string): void {
    this.doc.getText(file).insert(index, text);
  }

  /** Closes the socket and waits for the close. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.ws.close();
      await this.waitClosed();
    }
  }

  #onBinary(bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const kind = decoding.readVarUint(decoder);
    if (kind === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'remote');
      if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
    } else if (kind === 1) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        'remote',
      );
    }
  }

  #notify(): void {
    for (const fn of [...this.#listeners]) fn();
  }
}

/** Calls the JSON API with the server token. */
export async function api(
  server: RoomServer,
  method: string,
  path: string,
  body?: unknown,
  token = server.token,
) {
  const res = await fetch(`${server.origin}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
