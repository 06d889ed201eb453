import type { GradeReport } from './types.js';

/** One column of a comparison. */
export interface ComparedAttempt {
  label: string;
  source: string;
  from: 'graded' | 'json';
  report: GradeReport;
}

/** What `kit report` compares: attempts of one level, in the order given. */
export interface CompareResult {
  level: GradeReport['level'];
  attempts: ComparedAttempt[];
}
