/** Every Redis key and channel of a cluster, in one place (see docs/cluster.md). */
export const KEYS = {
  /** Hash: session id → the session's `session.json` content. */
  sessions: 'kit:sessions',
  /** Sorted set: worker id → the last time (ms) it said it was alive. */
  workers: 'kit:workers',
  /** The session's history: one stream entry per recorded event. */
  log: (sessionId: string) => `kit:s:${sessionId}:log`,
  /** The recording header of the session (immutable, written once). */
  head: (sessionId: string) => `kit:s:${sessionId}:head`,
  /** The stream ID of the session's last snapshot entry. */
  snap: (sessionId: string) => `kit:s:${sessionId}:snap`,
  /** The instance whose room holds the session now (a lease with a TTL). */
  owner: (sessionId: string) => `kit:s:${sessionId}:owner`,
  /** Held while a run of the session is in progress anywhere: one run at a time per session. */
  runLock: (sessionId: string) => `kit:s:${sessionId}:run`,
  /** Pub/sub: what a run prints, from its worker to the instance that asked for it. */
  runOutput: (jobId: string) => `kit:run:${jobId}:out`,
  /** Pub/sub: the instance asks the worker to stop a run. */
  runCancel: (jobId: string) => `kit:run:${jobId}:cancel`,
} as const;

/** The BullMQ queue of runs. */
export const RUN_QUEUE = 'kit-runs';
