import { integrityOf } from '../../grading/report-integrity.js';
import type { GradeReport } from '../../grading/types.js';
import type { Role } from '../protocol/protocol.js';
import type { CandidateTestView, RunOutcome, RunPeer } from '../protocol/run-protocol.js';

const MAX_ERROR_CHARS = 4000;
const MAX_ERRORS_PER_TEST = 5;

/** Caps the text a run can put on the wire: a few errors per test, each cut to a few KB. */
export function limitReport(report: GradeReport): GradeReport {
  const cut = (s: string) => (s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS)}…` : s);
  return {
    ...report,
    criteria: report.criteria.map((c) => ({
      ...c,
      tests: c.tests.map((t) => ({
        ...t,
        errors: t.errors.slice(0, MAX_ERRORS_PER_TEST).map(cut),
      })),
    })),
    problems: report.problems.slice(0, 20).map((p) => ({ ...p, message: cut(p.message) })),
    integrity: {
      ...integrityOf(report),
      findings: integrityOf(report)
        .findings.slice(0, 20)
        .map((f) => ({ ...f, message: cut(f.message) })),
      flags: integrityOf(report).flags.slice(0, 50),
    },
  };
}

/**
 * What a role may see of a report: the interviewer sees everything; the others see that hidden tests
 * exist and whether they passed, never their names, errors, the problems of hidden files, or notes,
 * and nothing of the integrity checks (which of them fired would teach a cheat what to avoid).
 */
export function redactReport(report: GradeReport, role: Role): GradeReport {
  if (role === 'interviewer') return report;
  const hiddenFiles = new Set<string>();
  for (const c of report.criteria) {
    for (const t of c.tests) if (t.visibility === 'hidden') hiddenFiles.add(t.file);
  }
  return {
    ...report,
    criteria: report.criteria.map(({ note: _note, tampered: _tampered, ...c }) => ({
      ...c,
      tests: c.tests.map((t) =>
        t.visibility === 'hidden' ? { ...t, name: 'hidden test', file: '', errors: [] } : t,
      ),
    })),
    problems: report.problems
      .filter((p) => p.kind !== 'tampered')
      .map((p) =>
        p.file !== undefined && hiddenFiles.has(p.file)
          ? { kind: p.kind, message: 'A hidden grader could not run.' }
          : p,
      ),
    integrity: { tampered: false, findings: [], flags: [], record: null, withheld: true },
  };
}

/** True when `role` may see the output of a run `by` started: a candidate only their own. */
export function seesOutput(by: RunPeer, role: Role): boolean {
  return role !== 'candidate' || by.role === 'candidate';
}

/**
 * A run as a role may see it. The interviewer: all of it. An observer: the redacted report (as
 * `redactReport`), the output, how it ended. A candidate: their own visible-test run as a list of
 * those tests (`tests`, no rubric); a run the interviewer shared as the redacted report without
 * output; any other run as `withheld`, which says only that it ran and how it ended.
 */
export function viewRun(run: RunOutcome, role: Role): RunOutcome {
  if (role === 'interviewer') return run;
  const { report, output, tests: _tests, withheld: _withheld, ...rest } = run;
  if (role === 'observer') {
    return { ...rest, ...(report ? { report: redactReport(report, role) } : {}), ...outputOf(run) };
  }
  if (run.shared) return { ...rest, ...(report ? { report: redactReport(report, role) } : {}) };
  const { error, ...bare } = rest;
  if (run.by.role === 'candidate' && run.scope === 'visible') {
    return {
      ...bare,
      ...(report ? { tests: candidateTests(report) } : {}),
      ...(error === undefined ? {} : { error }),
      ...outputOf(run),
    };
  }
  return { ...bare, withheld: true };
}

function outputOf(run: RunOutcome): Pick<RunOutcome, 'output'> {
  return run.output ? { output: run.output } : {};
}

/** The visible tests of a report and the problems that concern them: nothing of the rubric. */
export function candidateTests(report: GradeReport): CandidateTestView {
  const tests = report.criteria
    .flatMap((c) => c.tests)
    .filter((t) => t.visibility === 'visible')
    .map(({ name, file, state, errors, durationMs }) => ({
      name,
      file,
      state,
      errors,
      durationMs,
    }));
  const visibleFiles = new Set(tests.map((t) => t.file));
  const problems = report.problems
    .filter((p) => p.kind !== 'tampered' && p.kind !== 'unmapped-test')
    .filter((p) => p.file === undefined || visibleFiles.has(p.file))
    .map(({ kind, message, file }) =>
      file === undefined ? { kind, message } : { kind, message, file },
    );
  const count = (state: string) => tests.filter((t) => t.state === state).length;
  return {
    tests,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    problems,
    sandbox: report.sandbox,
  };
}
