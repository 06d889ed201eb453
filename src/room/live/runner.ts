import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { GradeReport, LevelId } from '../../grading/types.js';
import { kitRoot } from '../../paths.js';
import type { RunScope } from '../protocol/protocol.js';

/** What the room asks a runner to grade. */
export interface RunInput {
  /** The session whose code it is (a queue runner holds one run per session across servers). */
  sessionId?: string;
  levelId: LevelId;
  /** File name → current content, from the room's Yjs document. */
  files: Record<string, string>;
  scope: RunScope;
  /** Hard limit of the run; the room stops it through `signal` at its own limit first. */
  timeoutMs: number;
  /** Aborted when the run is cancelled or reaches the room's limit: stop it, report what finished. */
  signal: AbortSignal;
  /** What the graded code prints, as it prints it. */
  onOutput: (text: string) => void;
  /** Hints given in the room so far: the report counts them (and the hint cost) as `kit hint`'s. */
  hintsUsed?: number;
}

/** Grades code for the room. Injectable so tests can use a fast fake. */
export interface RoomRunner {
  run(input: RunInput): Promise<GradeReport>;
  /** Set when this runner refuses every run; the page shows it instead of the Run button. */
  readonly runsOff?: string;
}

/** Why a room without a jail runs nothing unless `kit serve --unsafe-runs`. */
export const RUNS_OFF = 'Runs are off: this server has no sandbox.';

/**
 * The real runner: writes the code to a temporary folder and grades it with the engine of
 * `kit grade`, which runs vitest in the sandbox, kills it when the run's signal aborts or after
 * its `timeoutMs`, and scores what finished. With `runsOff` it refuses every run with that reason
 * (a server without a jail).
 */
export function createEngineRunner(options: { runsOff?: string } = {}): RoomRunner {
  const { runsOff } = options;
  return {
    ...(runsOff ? { runsOff } : {}),
    async run({ levelId, files, scope, timeoutMs, signal, onOutput, hintsUsed }) {
      if (runsOff) throw new Error(runsOff);
      // Loaded lazily: serving the room must not pay for the engine until someone clicks Run.
      const { gradeImplementation } = await import('../../grading/grade.js');
      // The kit checks its own graders and engine before each run (see `kit grade`).
      const { verifyKitManifest } = await import('../../integrity/kit-manifest.js');
      await verifyKitManifest(kitRoot);
      const implDir = await mkdtemp(join(tmpdir(), 'kit-room-run-'));
      try {
        for (const [name, content] of Object.entries(files)) {
          // File names come from the session's level; basename() keeps a forged one inside implDir.
          await writeFile(join(implDir, basename(name)), content);
        }
        // One decoder a stream: a character split between two chunks is decoded whole.
        const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
        return await gradeImplementation({
          levelId,
          implDir,
          scope,
          timeoutMs,
          signal,
          ...(hintsUsed ? { attempt: { hintsUsed } } : {}),
          onOutput: (chunk, stream) => onOutput(decoders[stream].write(chunk)),
        });
      } finally {
        await rm(implDir, { recursive: true, force: true });
      }
    },
  };
}
