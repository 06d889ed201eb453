import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import type { GradeReport, LevelId } from '../../src/grading/types.js';

/** One exact replacement in one file of the reference solution. */
export interface Patch {
  file: string;
  from: string;
  to: string;
}

const kitRoot = resolve(import.meta.dirname, '../..');

/**
 * Copies `solutions/<level>` to a temporary folder and applies each patch, so a test can grade a
 * known-wrong implementation without keeping a second copy of the solution in the repository.
 * A patch whose `from` text is missing, or found twice, throws: the mutant would silently be the
 * reference.
 */
export async function makeMutant(level: LevelId, patches: Patch[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `kit-mutant-${level}-`));
  await cp(join(kitRoot, 'solutions', level), dir, { recursive: true });
  for (const patch of patches) {
    const path = join(dir, patch.file);
    const text = await readFile(path, 'utf8');
    const first = text.indexOf(patch.from);
    if (first === -1 || text.indexOf(patch.from, first + 1) !== -1) {
      throw new Error(
        `Patch for ${level}/${patch.file} must match exactly once: ${JSON.stringify(patch.from)}`,
      );
    }
    await writeFile(path, text.replace(patch.from, patch.to));
  }
  return dir;
}

/** Removes a folder made by makeMutant. */
export async function removeMutant(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** `{ R1: 'passed', R2: 'failed', ... }` for the auto and performance criteria of a report. */
export function criterionStatuses(report: GradeReport): Record<string, string> {
  return Object.fromEntries(
    report.criteria.filter((c) => c.kind !== 'manual').map((c) => [c.id, c.status]),
  );
}

/** Grades the reference with `patches` applied, then removes the mutant's folder. */
export async function gradeMutant(
  level: LevelId,
  patches: Patch[],
  timeoutMs?: number,
): Promise<GradeReport> {
  const dir = await makeMutant(level, patches);
  try {
    return await gradeImplementation({
      levelId: level,
      implDir: dir,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  } finally {
    await removeMutant(dir);
  }
}

/**
 * Asserts that a report loses exactly the criteria in `lost` (not passed) and keeps every other
 * auto and performance criterion (passed). A failure shows both maps and the messages of the
 * tests that failed, so a grader that fails for the wrong reason names itself.
 */
export function expectLosesExactly(report: GradeReport, lost: string[]): void {
  const actual = criterionStatuses(report);
  const verdict = (status: string | undefined): string => (status === 'passed' ? 'kept' : 'lost');
  const got = Object.fromEntries(Object.entries(actual).map(([id, s]) => [id, verdict(s)]));
  const want = Object.fromEntries(
    Object.keys(actual).map((id) => [id, lost.includes(id) ? 'lost' : 'kept']),
  );
  for (const id of lost) {
    if (!(id in actual)) throw new Error(`${id} is not an auto or performance criterion`);
  }
  const failures = report.criteria
    .flatMap((c) => c.tests)
    .filter((t) => t.state !== 'passed')
    .map((t) => `${t.name}: ${t.errors.join(' | ').slice(0, 300)}`);
  const problems = report.problems.map((p) => `${p.kind}: ${p.message.slice(0, 300)}`);
  expect(got, [...failures, ...problems].join('\n')).toEqual(want);
}

/**
 * Grades a mutant of the reference and asserts it loses exactly `lost`: the helper behind each
 * level's mutant proof. Returns the report, for checks of its own (messages, duration).
 */
export async function expectMutantLosesExactly(
  level: LevelId,
  patches: Patch[],
  lost: string[],
  timeoutMs?: number,
): Promise<GradeReport> {
  const report = await gradeMutant(level, patches, timeoutMs);
  expectLosesExactly(report, lost);
  return report;
}
