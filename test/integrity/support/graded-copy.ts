import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradeImplementation } from '../../../src/grading/grade.js';
import type { GradeReport, LevelId } from '../../../src/grading/types.js';
import { kitRoot } from '../../../src/paths.js';

const made: string[] = [];

/** A level's starter in a temp folder with `files` (name → content) written over it. */
export async function implementationOf(
  level: LevelId,
  files: Record<string, string>,
  base: 'starter' | 'solution' = 'starter',
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `kit-integrity-${level}-`));
  made.push(dir);
  await cp(join(kitRoot, base === 'starter' ? `levels/${level}/src` : `solutions/${level}`), dir, {
    recursive: true,
  });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Grades `files` over a level's starter (or solution) with every grader. */
export async function gradeFiles(
  level: LevelId,
  files: Record<string, string>,
  base: 'starter' | 'solution' = 'starter',
): Promise<GradeReport> {
  const implDir = await implementationOf(level, files, base);
  // Bounded below the default: a cheat that wedges its run still ends in a report, sooner.
  return gradeImplementation({ levelId: level, implDir, timeoutMs: 20_000 });
}

/** Every file of a fixture folder, by name. */
export async function readFixture(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) files[name] = await readFile(join(dir, name), 'utf8');
  return files;
}

/** Points earned on auto and performance criteria, and the points possible there. */
export function autoPoints(report: GradeReport): { earned: number; possible: number } {
  const auto = report.criteria.filter((c) => c.kind !== 'manual');
  return {
    earned: auto.reduce((sum, c) => sum + c.earned, 0),
    possible: auto.reduce((sum, c) => sum + c.points, 0),
  };
}

/** Removes the folders made by this module. */
export async function removeMade(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}
