import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { typecheckLevelSources } from '../attempt/typecheck-sources.js';
import type { ExpectedFile } from '../grading/collect-outcomes.js';
import { expectedGraderFiles, gradeImplementation } from '../grading/grade.js';
import type { GradeReport, LevelId, Rubric } from '../grading/types.js';
import type { LevelVerification, VerifyCheck, VerifyResult } from '../grading/verify-result.js';
import { checkGuideFormat } from '../guides/check-guide.js';
import { findLevel, type LevelInfo, levelPaths, listLevels } from '../levels/level-registry.js';
import { addLevelPack, findPackFolder } from '../levels/level-sources.js';
import { loadRubric } from '../levels/load-level.js';

function check(name: string, problems: string[], notes: string[] = []): VerifyCheck {
  return { name, ok: problems.length === 0, problems, notes };
}

/** How a check names a file: relative to the kit, or to its pack's folder. */
function shown(level: LevelInfo, path: string): string {
  const rel = relative(level.paths.root, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

const tsFiles = async (dir: string) =>
  existsSync(dir) ? (await readdir(dir)).filter((n) => n.endsWith('.ts')).sort() : [];

async function checkFiles(id: LevelId): Promise<VerifyCheck> {
  const level = findLevel(id);
  const paths = level.paths;
  const required = [
    paths.readme,
    paths.starter,
    paths.visibleTests,
    paths.solution,
    paths.graders,
    paths.guide,
    paths.rubric,
  ];
  const problems = required.filter((p) => !existsSync(p)).map((p) => `missing ${shown(level, p)}`);
  if (problems.length > 0) return check('files are in place', problems);
  // The manifest says which starter files the candidate writes and which are given: the starter
  // folder holds exactly those, and the solution answers every one the candidate writes.
  const { write, provided } = level.starterFiles;
  const declared = [...write, ...provided];
  const starter = await tsFiles(paths.starter);
  const solution = new Set(await tsFiles(paths.solution));
  const where = shown(level, paths.manifest);
  for (const name of declared) {
    if (!starter.includes(name)) problems.push(`${where} lists ${name}, not in the starter`);
  }
  for (const name of starter) {
    if (!declared.includes(name)) {
      problems.push(
        `starter ${name} is in neither "starter.write" nor "starter.provided" of ${where}`,
      );
    }
  }
  for (const name of write) {
    if (!solution.has(name))
      problems.push(`the solution has no ${name}, which the candidate writes`);
  }
  return check('files are in place', problems);
}

function checkRubricLevel(id: LevelId, rubric: Rubric): VerifyCheck {
  const problems =
    rubric.level === id ? [] : [`the rubric says level "${rubric.level}", the manifest "${id}"`];
  return check('the rubric belongs to the level', problems);
}

function checkMapping(rubric: Rubric, files: ExpectedFile[]): VerifyCheck {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const c of rubric.criteria) {
    if (ids.has(c.id)) problems.push(`criterion ${c.id} is listed twice`);
    ids.add(c.id);
    if (!(c.points > 0)) problems.push(`criterion ${c.id} has no points`);
    if (c.kind === 'manual' && !c.lookFor) problems.push(`manual criterion ${c.id} has no lookFor`);
  }
  const tested = new Set<string>();
  for (const file of files) {
    if (file.tests.length === 0) problems.push(`${file.file} declares no [Rn] test`);
    const titles = new Set<string>();
    for (const test of file.tests) {
      if (titles.has(test.title)) problems.push(`${file.file}: test "${test.title}" appears twice`);
      titles.add(test.title);
      if (!ids.has(test.criterion)) {
        problems.push(
          `${file.file}: test "${test.title}" names ${test.criterion}, not in the rubric`,
        );
      }
      tested.add(test.criterion);
    }
  }
  for (const c of rubric.criteria) {
    if (c.kind !== 'manual' && !tested.has(c.id)) problems.push(`criterion ${c.id} has no tests`);
    if (c.kind === 'manual' && tested.has(c.id))
      problems.push(`manual criterion ${c.id} has tests`);
  }
  return check('every test maps to a criterion and every auto criterion has tests', problems);
}

function checkReference(report: GradeReport): VerifyCheck {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const r of report.criteria) {
    if (r.kind === 'manual') continue;
    if (r.status === 'skipped') {
      notes.push(`${r.id} skipped: ${r.tests[0]?.errors[0] ?? 'no test ran'}`);
    } else if (r.status !== 'passed') {
      const failing = r.tests.filter((t) => t.state === 'failed');
      problems.push(
        `${r.id} earns ${r.earned}/${r.points}: ${failing.map((t) => t.name).join('; ')}`,
      );
      for (const t of failing) problems.push(...t.errors.map((e) => `  ${e.split('\n')[0]}`));
    }
  }
  // Load errors already fail their tests above; anything else (a timeout, a crash, a test that
  // names no criterion) is a problem of its own.
  const others = report.problems.filter((p) => p.kind !== 'load-error');
  problems.push(...others.map((p) => `${p.kind}: ${p.message}`));
  return check('the reference solution earns every auto point', problems, notes);
}

function checkScanMatchesRun(report: GradeReport, expected: number): VerifyCheck {
  const ran = report.criteria.flatMap((r) => r.tests).length;
  const problems =
    ran === expected
      ? []
      : [`the source scan found ${expected} tests but vitest reported ${ran}: use literal titles`];
  // The engine itself compares each file's reported titles with its source, title by title.
  for (const f of report.integrity.findings) {
    if (f.kind === 'unknown-test' || f.kind === 'missing-test') {
      problems.push(`${f.message} Use literal titles.`);
    }
  }
  return check('test titles read from source match the tests vitest collects', problems);
}

function checkStarter(report: GradeReport): VerifyCheck {
  const problems = report.criteria
    .filter((r) => r.kind !== 'manual' && r.status === 'passed')
    .map((r) => `${r.id} passes on the starter: its tests must fail initially`);
  return check('every auto criterion fails on the starter', problems);
}

async function checkGuide(id: LevelId, rubric: Rubric): Promise<VerifyCheck> {
  const level = findLevel(id);
  const path = level.paths.guide;
  const name = shown(level, path);
  if (!existsSync(path)) return check('the guide covers every criterion', [`missing ${name}`]);
  const guide = await readFile(path, 'utf8');
  const problems = rubric.criteria
    .filter((c) => !new RegExp(`\\b${c.id}\\b`).test(guide))
    .map((c) => `${name} does not mention ${c.id}`);
  problems.push(...checkGuideFormat(guide, name));
  return check('the guide covers every criterion', problems);
}

async function checkTypes(id: LevelId): Promise<VerifyCheck> {
  const [starter, solution] = await Promise.all([
    typecheckLevelSources(id),
    typecheckLevelSources(id, levelPaths(id).solution),
  ]);
  return check('the starter and the solution typecheck in an attempt', [
    ...starter.map((d) => `starter: ${d}`),
    ...solution.map((d) => `solution: ${d}`),
  ]);
}

/** Runs every check of one level. */
export async function verifyLevel(id: LevelId, timeoutMs?: number): Promise<LevelVerification> {
  const files = await checkFiles(id);
  if (!files.ok) return { id, checks: [files] };
  const rubric = await loadRubric(id);
  const limit = timeoutMs ? { timeoutMs } : {};
  // Read the grader files once: the mapping check and the scan-versus-run check share them.
  const graderFiles = await expectedGraderFiles(id, 'all');
  const expected = graderFiles.reduce((n, f) => n + f.tests.length, 0);
  const mapping = checkMapping(rubric, graderFiles);
  const [guide, types, reference, starter] = await Promise.all([
    checkGuide(id, rubric),
    checkTypes(id),
    gradeImplementation({ levelId: id, implDir: levelPaths(id).solution, ...limit }),
    gradeImplementation({ levelId: id, implDir: levelPaths(id).starter, ...limit }),
  ]);
  return {
    id,
    checks: [
      files,
      checkRubricLevel(id, rubric),
      mapping,
      guide,
      types,
      checkScanMatchesRun(reference, expected),
      checkReference(reference),
      checkStarter(starter),
    ],
  };
}

/**
 * The levels `kit verify` is asked for: each name is a level (id or slug), else a pack (a folder
 * or an installed package), which stands for every level in it.
 */
function levelsToVerify(names: string[]): LevelId[] {
  const ids: LevelId[] = [];
  for (const name of names) {
    const wanted = name.trim().toLowerCase();
    const level = listLevels().find((l) => l.id === wanted || l.slug === wanted);
    if (level) {
      ids.push(level.id);
    } else if (findPackFolder(name, process.cwd())) {
      const pack = addLevelPack(name, 'kit verify');
      ids.push(
        ...listLevels()
          .filter((l) => l.paths.root === pack.root)
          .map((l) => l.id),
      );
    } else {
      ids.push(findLevel(name).id);
    }
  }
  return [...new Set(ids)];
}

/** `kit verify [level or pack...]`: proves the kit (or a pack) sound, level by level. */
export async function verifyKit(
  options: { levels?: string[]; timeoutMs?: number } = {},
): Promise<VerifyResult> {
  const ids = options.levels?.length
    ? levelsToVerify(options.levels)
    : listLevels().map((l) => l.id);
  const levels: LevelVerification[] = [];
  for (const id of ids) levels.push(await verifyLevel(id, options.timeoutMs));
  return { ok: levels.every((l) => l.checks.every((c) => c.ok)), levels };
}
