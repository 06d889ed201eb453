// The typing load the room benches share: Yjs peers on a session's WebSocket, each edit stamped
// `~client.edit~` so the peers that receive it can time its way from the sender.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** The file every peer types into (the benches' starter files have it). */
const FILE = 'server.ts';

/**
 * When each edit of the current measurement was sent (null: counted but not timed, a warm-up
 * edit), how long each timed one took to reach a peer, and how many arrived. Stamps of an earlier
 * measurement that arrive late are not counted in this one.
 */
export class EditClock {
  readonly sentAt = new Map<string, number | null>();
  readonly latencies: number[] = [];
  seen = 0;

  /** Starts a new measurement: no edit timed, none seen. */
  reset(): void {
    this.sentAt.clear();
    this.latencies.length = 0;
    this.seen = 0;
  }

  /** The p-th percentile of the latencies so far, in ms (NaN with none). */
  percentile(p: number): number {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  }
}

/** A peer of the load: its socket and its copy of the document. */
export interface Peer {
  ws: WebSocket;
  doc: Y.Doc;
  /** Its cursor, as the page's editor shares it (sent on each keystroke when a plan says so). */
  awareness: awarenessProtocol.Awareness;
  /** Edits typed so far: the next edit's number in its stamp. */
  typed: number;
}

/**
 * Joins a session as a Yjs peer that counts (and times) the stamped edits it receives; resolves
 * at the room's welcome. `onMessage` sees every JSON message.
 */
export function connectPeer(
  origin: string,
  id: string,
  token: string,
  clock: EditClock,
  onMessage: (message: { type: string }) => void = () => {},
): Promise<Peer> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws/${id}?token=${token}`);
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.on(
    'update',
    ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin !== 'local') return;
      const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
      ws.send(encoding.toUint8Array(e));
    },
  );
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') {
      // The stamps are read from the update the document just applied, not from the text's
      // delta: a delta walks the whole text, so a long session would time the client itself.
      const text = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString(
        'latin1',
      );
      for (const [, key] of text.matchAll(/~(\d+\.\d+)~/g)) {
        const t = clock.sentAt.get(key as string);
        if (t === undefined) continue;
        if (t !== null) clock.latencies.push(performance.now() - t);
        clock.seen += 1;
      }
      return;
    }
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    ws.send(encoding.toUint8Array(e));
  });
  return new Promise((resolve, reject) => {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(String(data)) as { type: string };
        onMessage(message);
        if (message.type === 'welcome') resolve({ ws, doc, awareness, typed: 0 });
        return;
      }
      const bytes = data as Buffer;
      const d = decoding.createDecoder(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      );
      if (decoding.readVarUint(d) !== 0) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.readSyncMessage(d, e, doc, 'remote');
      if (encoding.length(e) > 1) ws.send(encoding.toUint8Array(e));
    });
    ws.on('error', reject);
  });
}

/** How the peers type: edits each, ms between edits, untimed warm-up edits first. */
export interface TypingPace {
  edits: number;
  everyMs: number;
  warmup: number;
}

/**
 * Every peer types its stamped edits at once, their keystrokes spread over the interval (people
 * do not type in lockstep); `afterEdit` runs after each edit (a bench may chat there).
 */
export async function typeStamped(
  peers: Peer[],
  pace: TypingPace,
  clock: EditClock,
  afterEdit: (peer: Peer, edit: number, key: string) => void = () => {},
): Promise<void> {
  await Promise.all(
    peers.map(async (peer, c) => {
      await new Promise((r) => setTimeout(r, (c * pace.everyMs) / peers.length));
      for (let i = 0; i < pace.edits; i += 1) {
        const key = `${c}.${peer.typed++}`;
        clock.sentAt.set(key, i >= pace.warmup ? performance.now() : null);
        peer.doc.getText(FILE).insert(0, `~${key}~`);
        afterEdit(peer, i, key);
        await new Promise((r) => setTimeout(r, pace.everyMs));
      }
    }),
  );
}

/** Who types how fast for how long: keys a second for each peer (0: watches only). */
export interface TypingPlan {
  keysPerSecond: number[];
  seconds: number;
  /** Each keystroke also moves the typist's cursor (an awareness update), as the page's does. */
  cursor: boolean;
  /** Timed edits (the others are counted but not timed: a warm-up). */
  timed: boolean;
}

/**
 * Types a plan open-loop: each typist's keystrokes are due on a fixed schedule (the first spread
 * over its interval), so a late keystroke is sent as soon as the client can rather than pushing
 * every later one back, and a slow server cannot slow the load that measures it. Resolves with
 * the edits sent.
 */
export async function typeAtRates(
  peers: Peer[],
  plan: TypingPlan,
  clock: EditClock,
  afterEdit: (peer: Peer, key: string) => void = () => {},
): Promise<number> {
  const start = performance.now();
  const end = start + plan.seconds * 1000;
  let sent = 0;
  await Promise.all(
    peers.map(async (peer, c) => {
      const rate = plan.keysPerSecond[c] ?? 0;
      if (rate <= 0) return;
      const every = 1000 / rate;
      for (let due = start + every * ((c * 0.618) % 1); due < end; due += every) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const key = `${c}.${peer.typed++}`;
        clock.sentAt.set(key, plan.timed ? performance.now() : null);
        const text = peer.doc.getText(FILE);
        text.insert(0, `~${key}~`);
        if (plan.cursor) peer.awareness.setLocalStateField('cursor', { index: key.length + 2 });
        sent += 1;
        afterEdit(peer, key);
      }
    }),
  );
  return sent;
}

/** Closes a peer's socket and stops its awareness timer (which would keep the process alive). */
export function closePeer(peer: Peer): void {
  peer.awareness.destroy();
  peer.ws.close();
}
