import type { GradeReport, IntegrityReport } from './types.js';

const NONE: IntegrityReport = { tampered: false, findings: [], flags: [], record: null };

/** A report's integrity section; a report saved before version 2 has none, which reads as clean. */
export function integrityOf(report: GradeReport): IntegrityReport {
  return (report as Partial<GradeReport>).integrity ?? NONE;
}
