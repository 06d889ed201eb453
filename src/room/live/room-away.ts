import type { AwayPeer } from '../protocol/people-protocol.js';
import type { PeerInfo } from '../protocol/protocol.js';

/** How long a dropped participant shows as reconnecting before they count as gone. */
export const DEFAULT_RECONNECT_GRACE_MS = 30_000;

/**
 * WebSocket close codes of a participant who left on purpose (a closed page, a close without a
 * code) or was sent away: no grace. A dropped network gives 1006.
 */
const DELIBERATE_CLOSES = new Set([1000, 1001, 1005, 4029, 4401]);

/** True when a close with this code may be a dropped connection that comes back. */
export function mayReconnect(code: number | undefined): boolean {
  return code === undefined || !DELIBERATE_CLOSES.has(code);
}

/**
 * Participants whose connection dropped, shown as "reconnecting…" for a grace period instead of
 * gone. A join with the same role and name is the same person back; when the grace ends without
 * one, `onGone` tells the room.
 */
export class AwayList {
  readonly #entries = new Map<string, AwayPeer & { timer: ReturnType<typeof setTimeout> }>();

  constructor(
    readonly graceMs: number,
    readonly now: () => number,
    readonly onGone: (peer: PeerInfo) => void,
  ) {}

  /** Marks a dropped participant as reconnecting; a grace of 0 keeps no one. */
  add(peer: PeerInfo): void {
    if (this.graceMs <= 0) return;
    this.#drop(peer.id);
    const at = this.now();
    const timer = setTimeout(() => {
      if (this.#entries.delete(peer.id)) this.onGone(peer);
    }, this.graceMs);
    timer.unref?.();
    this.#entries.set(peer.id, {
      peer: { ...peer },
      since: new Date(at).toISOString(),
      until: new Date(at + this.graceMs).toISOString(),
      timer,
    });
  }

  /** Someone joined: the reconnecting entry of the same role and name (if any) is theirs. */
  returned(peer: Pick<PeerInfo, 'role' | 'name'>): boolean {
    for (const [id, e] of this.#entries) {
      if (e.peer.role === peer.role && e.peer.name === peer.name) {
        this.#drop(id);
        return true;
      }
    }
    return false;
  }

  /** Who is reconnecting now, oldest drop first. */
  list(): AwayPeer[] {
    return [...this.#entries.values()].map(({ peer, since, until }) => ({ peer, since, until }));
  }

  /** Forgets everyone (the room is freed). */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.#drop(id);
  }

  #drop(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    clearTimeout(e.timer);
    this.#entries.delete(id);
  }
}
