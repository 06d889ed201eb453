import type { LevelId } from '../grading/types.js';

/** One level of the kit, as listed by `kit list`. */
export interface LevelInfo {
  id: LevelId;
  slug: string;
  title: string;
  /** Interview time budget in minutes. */
  minutes: number;
  summary: string;
}

/** Every level, in the order a candidate meets them. */
export const LEVELS: readonly LevelInfo[] = [
  {
    id: 'level1',
    slug: 'broadcast',
    title: 'Broadcast: a WebSocket chat server on ws',
    minutes: 30,
    summary: 'Accept clients, relay each message to every other client, clean up on close.',
  },
  {
    id: 'level2',
    slug: 'fanout',
    title: 'Fanout: per-user buffers and backpressure',
    minutes: 60,
    summary:
      'Tick-driven fanout where one slow user never blocks the rest; drop-oldest with metrics.',
  },
  {
    id: 'level3',
    slug: 'pubsub',
    title: 'Pub/sub: chat across several servers',
    minutes: 45,
    summary: 'Bridge server instances with pub/sub; a mock broker first, then real Redis.',
  },
];
