import type { EventInput, RecordedEvent, RecordingHeader } from '../store/recording-types.js';

/** An event of a session's history with its place in the order. */
export interface LogEntry {
  /** Position in the history; later entries compare greater (a Redis stream ID). */
  id: string;
  event: RecordedEvent;
  /** Who appended it: `<instance>:<seq>`, so an instance can skip what it applied already. */
  origin: string;
}

/** What a load returns: the state to start from and the ID to follow from. */
export interface LoadedLog {
  header: RecordingHeader;
  /** The last snapshot and every entry after it, in order (the snapshot is the first, if any). */
  entries: LogEntry[];
  /** ID of the last entry loaded ('0' when the history is empty): follow from exactly here. */
  lastId: string;
}

/** Stops a `follow`. */
export interface Following {
  stop(): void;
}

/**
 * One session's ordered history, the seam between the live room and where its history lives: the
 * data dir's NDJSON recording (one process) or a Redis stream shared by instances. The order of
 * `append`s as `follow` delivers them is the same for every reader.
 */
export interface SessionLog {
  readonly sessionId: string;
  /** Appends an event stamped now; resolves once it is stored, with its ID. */
  append(event: EventInput): Promise<LogEntry>;
  /** Reads the last snapshot and everything after it. */
  load(): Promise<LoadedLog>;
  /** Calls `onEntry` for each entry after `fromId`, in order, the ones already there first. */
  follow(fromId: string, onEntry: (entry: LogEntry) => void): Following;
}
