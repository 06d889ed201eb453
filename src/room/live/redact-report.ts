import { integrityOf } from '../../grading/report-integrity.js';
import type { GradeReport } from '../../grading/types.js';
import type { Role, RunOutcome } from '../protocol/protocol.js';

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

/** A run outcome as a role may see it. */
export function redactRun(run: RunOutcome, role: Role): RunOutcome {
  return run.report ? { ...run, report: redactReport(run.report, role) } : run;
}
