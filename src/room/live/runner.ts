import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { GradeReport, LevelId } from '../../grading/types.js';
import { kitRoot } from '../../paths.js';
import type { RunScope } from '../protocol/protocol.js';

/** What the room asks a runner to grade. */
export interface RunInput {
  levelId: LevelId;
  /** File name → current content, from the room's Yjs document. */
  files: Record<string, string>;
  scope: RunScope;
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
 * `kit grade`, which runs vitest in the sandbox and kills it after `timeoutMs`. With `runsOff`
 * it refuses every run with that reason (a server without a jail).
 */
export function createEngineRunner(
  options: { timeoutMs?: number; runsOff?: string } = {},
): RoomRunner {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { runsOff } = options;
  return {
    ...(runsOff ? { runsOff } : {}),
    async run({ levelId, files, scope }) {
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
        return await gradeImplementation({ levelId, implDir, scope, timeoutMs });
      } finally {
        await rm(implDir, { recursive: true, force: true });
      }
    },
  };
}
