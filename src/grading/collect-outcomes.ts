import { type GraderFile, graderFileName } from '../levels/load-level.js';
import type { GraderRun } from './run-graders.js';
import type { ScannedTest } from './scan-tests.js';
import type { RunProblem, TestOutcome } from './types.js';

/** A grader file with the tests its source declares. */
export interface ExpectedFile extends GraderFile {
  tests: ScannedTest[];
}

/**
 * Joins what the grader files declare with what the run reported. A declared test that never
 * reported fails with the reason: its file failed to load, the run timed out, or the process died.
 * A reported test the source does not declare is not scored: the run monitor reports it as
 * tampering.
 */
export function collectOutcomes(expected: ExpectedFile[], run: GraderRun): TestOutcome[] {
  const outcomes: TestOutcome[] = [];
  for (const file of expected) {
    const module = run.modules.get(file.path);
    const reported = new Map((module?.tests ?? []).map((t) => [t.name, t]));
    const reason = missingReason(
      file,
      module?.loadErrors ?? [],
      module !== undefined,
      run.problems,
    );
    for (const test of file.tests) {
      const raw = reported.get(test.title);
      reported.delete(test.title);
      outcomes.push({
        name: raw?.fullName ?? test.title,
        file: file.file,
        visibility: file.visibility,
        criterion: test.criterion,
        state: raw?.state ?? 'failed',
        errors: raw ? raw.errors : [reason],
        durationMs: raw?.durationMs ?? 0,
      });
    }
  }
  return outcomes;
}

function missingReason(
  file: ExpectedFile,
  loadErrors: string[],
  reported: boolean,
  problems: RunProblem[],
): string {
  if (loadErrors.length > 0) return `${file.file} failed to load: ${loadErrors.join('\n')}`;
  if (reported) return 'The test did not run.';
  const fatal = problems.find((p) => p.kind === 'timeout' || p.kind === 'crash');
  return fatal ? `Not finished: ${fatal.message}` : 'The test did not run.';
}

/** Turns per-file load errors into run problems, with paths relative to the kit. */
export function loadProblems(run: GraderRun): RunProblem[] {
  const problems: RunProblem[] = [];
  for (const module of run.modules.values()) {
    for (const message of module.loadErrors) {
      problems.push({ kind: 'load-error', file: graderFileName(module.file), message });
    }
  }
  return problems;
}

/** Turns tamper findings into run problems that say what was seen. */
export function tamperProblems(run: GraderRun): RunProblem[] {
  return run.tamper.map((t) => ({
    kind: 'tampered',
    message: `${t.message} The auto criteria of ${t.files.length === 1 ? 'this file' : 'these files'} score 0.`,
    ...(t.files.length === 1 ? { file: t.files[0] } : {}),
  }));
}

/** The grader files (relative to the kit) whose results a tamper finding put in doubt. */
export function untrustedFiles(run: GraderRun): Set<string> {
  return new Set(run.tamper.flatMap((t) => t.files));
}
