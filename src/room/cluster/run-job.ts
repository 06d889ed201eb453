import type { GradeReport, LevelId } from '../../grading/types.js';
import type { RunScope } from '../protocol/protocol.js';

/** What a run job carries from the instance to a worker (JSON in Redis). */
export interface RunJobData {
  sessionId: string;
  levelId: LevelId;
  files: Record<string, string>;
  scope: RunScope;
  /** The engine's hard limit; the instance cancels at its own limit first. */
  timeoutMs: number;
}

/** What a finished job returns: the engine's report. */
export type RunJobResult = GradeReport;

/** The input a queued run takes: the room's RunInput, whose newer fields may be absent. */
export interface QueuedRunInput {
  levelId: LevelId;
  files: Record<string, string>;
  scope: RunScope;
  sessionId?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onOutput?: (text: string) => void;
}
