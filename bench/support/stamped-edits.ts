// The typing load the room benches share: Yjs peers on a session's WebSocket, each edit stamped
// `~client.edit~` so the peers that receive it can time its way from the sender.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** The file every peer types into (the benches' starter files have it). */
const FILE = 'server.ts';

/** When each timed edit was sent, how long each took to reach a peer, and how many arrived. */
export class EditClock {
  readonly sentAt = new Map<string, number>();
  readonly latencies: number[] = [];
  seen = 0;

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
  doc.getText(FILE).observe((event) => {
    if (event.transaction.origin !== 'remote') return;
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const [, key] of op.insert.matchAll(/~(\d+\.\d+)~/g)) {
        const t = clock.sentAt.get(key as string);
        if (t !== undefined) clock.latencies.push(performance.now() - t);
        clock.seen += 1;
      }
    }
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return;
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
        if (message.type === 'welcome') resolve({ ws, doc });
        return;
      }
      const d = decoding.createDecoder(new Uint8Array(data as Buffer));
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
        const key = `${c}.${i}`;
        if (i >= pace.warmup) clock.sentAt.set(key, performance.now());
        peer.doc.getText(FILE).insert(0, `~${key}~`);
        afterEdit(peer, i, key);
        await new Promise((r) => setTimeout(r, pace.everyMs));
      }
    }),
  );
}
