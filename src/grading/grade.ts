import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KitError } from '../errors.js';
import { readCodeFiles, scanCodeFiles } from '../integrity/scan-sources.js';
import { findLevel } from '../levels/level-registry.js';
import { listGraderFiles, loadRubric } from '../levels/load-level.js';
import { packDigest } from '../levels/pack-digest.js';
import { kitVersion } from '../paths.js';
import { detectSandbox } from '../sandbox/detect-sandbox.js';
import {
  collectOutcomes,
  type ExpectedFile,
  loadProblems,
  tamperProblems,
  untrustedFiles,
} from './collect-outcomes.js';
import { runGraders } from './run-graders.js';
import { longestFirst } from './run-order.js';
import { scanTestFile } from './scan-tests.js';
import { type ManualScore, scoreAttempt } from './score.js';
import type { GradeReport, IntegrityFlag, LevelId, RecordState, RunProblem } from './types.js';

/** The default hard limit for one grading run. */
export const DEFAULT_GRADE_TIMEOUT_MS = 45_000;

/** What to grade, and the attempt facts the report carries. */
export interface GradeImplementationOptions {
  levelId: LevelId;
  /** Folder holding the level's source files: what graders import as `#attempt/<module>`. */
  implDir: string;
  scope?: 'all' | 'visible';
  timeoutMs?: number;
  attempt?: Partial<GradeReport['attempt']>;
  manual?: Record<string, ManualScore>;
  /** State of the attempt's signed record; null (the default) when grading a bare folder. */
  record?: RecordState | null;
  /** Stops the run when aborted; the tests that finished are still scored. */
  signal?: AbortSignal;
  /** Each chunk the graded code prints, for the room's console. */
  onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /**
   * The kit's check of its own files, still running: the jail starts meanwhile, and if the check
   * fails the run is stopped and its error thrown before anything is scored.
   */
  selfCheck?: Promise<void>;
}

/** Reads every grader file of a level with the tests its source declares. */
export async function expectedGraderFiles(
  levelId: LevelId,
  scope: 'all' | 'visible',
): Promise<ExpectedFile[]> {
  const files = await listGraderFiles(levelId, scope);
  return Promise.all(files.map(async (f) => ({ ...f, tests: await scanTestFile(f.path) })));
}

/**
 * Grades one implementation of a level: runs its graders in a killable child process, joins the
 * results with what the grader files declare, and scores them into a GradeReport.
 */
export async function gradeImplementation(
  options: GradeImplementationOptions,
): Promise<GradeReport> {
  const started = performance.now();
  // The probe jail (asked once per process) starts now, while the rubric and graders are read,
  // instead of when the run is about to spawn.
  void detectSandbox();
  const implDir = resolve(options.implDir);
  if (!existsSync(implDir)) {
    throw new KitError('KIT_ATTEMPT_BROKEN', `Source folder "${implDir}" does not exist.`);
  }
  const scope = options.scope ?? 'all';
  const level = findLevel(options.levelId);
  const [rubric, expected, digest] = await Promise.all([
    loadRubric(level.id),
    expectedGraderFiles(level.id, scope),
    level.builtIn ? null : packDigest(level),
  ]);
  // The sources are read before the run, while graded code cannot have changed them yet; they
  // are parsed once the child is started, while it boots: loading the parser takes a good part
  // of a second of this thread, which would otherwise delay the start of the run.
  const sources = await readCodeFiles(implDir);
  let scan: Promise<IntegrityFlag[]> | undefined;
  const run = await runGraders({
    files: longestFirst(expected, rubric),
    declared: new Map(expected.map((f) => [f.path, f.tests])),
    implDir,
    timeoutMs: options.timeoutMs ?? DEFAULT_GRADE_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    ...(options.selfCheck ? { selfCheck: options.selfCheck } : {}),
    onStarted: () => {
      scan = scanCodeFiles(sources);
      // Awaited below; this only keeps a failure from counting as unhandled meanwhile.
      scan.catch(() => {});
    },
  });
  const flags = await (scan ?? scanCodeFiles(sources));
  const outcomes = collectOutcomes(expected, run);
  const known = new Set(rubric.criteria.map((c) => c.id));
  const unmapped: RunProblem[] = outcomes
    .filter((o) => !known.has(o.criterion))
    .map((o) => ({
      kind: 'unmapped-test',
      file: o.file,
      message: `"${o.name}" names no criterion of the rubric (${o.criterion}); it is not scored.`,
    }));
  const attempt: GradeReport['attempt'] = {
    dir: options.attempt?.dir ?? implDir,
    startedAt: options.attempt?.startedAt ?? null,
    elapsedMs: options.attempt?.elapsedMs ?? null,
    hintsUsed: options.attempt?.hintsUsed ?? 0,
    editedTests: options.attempt?.editedTests ?? [],
  };
  const scored = scoreAttempt(rubric, outcomes, {
    ...(options.manual ? { manual: options.manual } : {}),
    hintsUsed: attempt.hintsUsed,
    untrustedFiles: untrustedFiles(run),
  });
  return {
    schema: 'interview-kit/grade-report',
    version: 2,
    kit: { version: kitVersion, node: process.version },
    sandbox: run.sandbox,
    level: {
      id: level.id,
      slug: level.slug,
      title: level.title,
      ...(digest ? { pack: { name: level.pack, sha256: digest } } : {}),
    },
    scope,
    attempt,
    ...scored,
    problems: [...tamperProblems(run), ...run.problems, ...loadProblems(run), ...unmapped],
    integrity: {
      tampered: run.tamper.length > 0,
      findings: run.tamper,
      flags,
      record: options.record ?? null,
    },
    gradedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}
