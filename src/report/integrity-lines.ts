import { integrityOf } from '../grading/report-integrity.js';
import type { GradeReport, RecordState } from '../grading/types.js';

/** The integrity of a report in a few words, for a table cell: `tampered`, `2 flags`, `clean`. */
export function integrityCell(report: GradeReport): string {
  const integrity = integrityOf(report);
  if (integrity.withheld) return '–';
  if (integrity.tampered) return 'TAMPERED';
  const n = integrity.flags.length;
  const flags = n > 0 ? `${n} flag${n === 1 ? '' : 's'}` : 'clean';
  const record =
    integrity.record && integrity.record !== 'signed' ? `, record ${integrity.record}` : '';
  return `${flags}${record}`;
}

/** What each state of the attempt record means, said to the interviewer; null when nothing to say. */
export function recordLine(state: RecordState | null): string | null {
  if (state === 'edited') {
    return '.kit/attempt.json was edited outside the kit: its hints and manual scores may not be the ones recorded.';
  }
  if (state === 'replaced') {
    return '.kit/attempt.json was replaced by an older signed copy: hints or scores recorded since were rolled back.';
  }
  if (state === 'unsigned') {
    return '.kit/attempt.json carries no signature: it was written by an older kit, or the signature was removed.';
  }
  if (state === 'foreign') {
    return "Made on another machine; record not verified: .kit/attempt.json was signed by another user's kit (the candidate's?), whose key this kit does not have. Not by itself a sign of tampering.";
  }
  return null;
}

/** The one-line verdict of a report's integrity section, or null when there is nothing to say. */
export function integrityHeadline(report: GradeReport): string | null {
  const integrity = integrityOf(report);
  if (integrity.withheld) return null;
  if (integrity.tampered) {
    const files = new Set(integrity.findings.flatMap((f) => f.files));
    return `TAMPERED: the run reported results the kit could not trust; the auto criteria of ${files.size} grader file${files.size === 1 ? '' : 's'} score 0.`;
  }
  const n = integrity.flags.length;
  return n > 0
    ? `${n} integrity flag${n === 1 ? '' : 's'} (advisory: the score is unchanged).`
    : null;
}

/** `file:line rule: message` for each flag. */
export function flagLines(report: GradeReport): string[] {
  return integrityOf(report).flags.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`);
}
