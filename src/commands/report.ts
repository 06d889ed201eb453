import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { KitError } from '../errors.js';
import type { ComparedAttempt, CompareResult } from '../grading/compare-result.js';
import type { GradeReport } from '../grading/types.js';

/** Options of `kit report`. */
export interface CompareOptions {
  /** Attempt folders (graded now) or files saved from `kit grade --json` (read as they are). */
  inputs: string[];
  timeoutMs?: number;
  /** Called before each attempt is graded, so bin can show progress. */
  onGrade?: (dir: string) => void;
}

async function readSavedReport(path: string): Promise<GradeReport> {
  let parsed: Partial<GradeReport>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<GradeReport>;
  } catch (error) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `"${path}" is not valid JSON (${(error as Error).message}). Save a report with \`kit grade <attempt> --json > report.json\`.`,
    );
  }
  if (parsed.schema !== 'interview-kit/grade-report' || !Array.isArray(parsed.criteria)) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `"${path}" is not a grade report. Save one with \`kit grade <attempt> --json > report.json\`.`,
    );
  }
  return parsed as GradeReport;
}

function uniqueLabel(wanted: string, taken: Set<string>): string {
  let label = wanted;
  for (let n = 2; taken.has(label); n++) label = `${wanted}#${n}`;
  taken.add(label);
  return label;
}

/**
 * `kit report <attempt|report.json>...`: grades each attempt folder (or reads each saved
 * `--json` report) and returns them side by side. All must be of the same level.
 */
export async function compareAttempts(options: CompareOptions): Promise<CompareResult> {
  const attempts: ComparedAttempt[] = [];
  const taken = new Set<string>();
  for (const input of options.inputs) {
    const source = resolve(input);
    if (!existsSync(source)) {
      throw new KitError(
        'KIT_NOT_AN_ATTEMPT',
        `"${input}" does not exist. Give attempt folders or reports saved with \`kit grade --json\`.`,
      );
    }
    const isFile = statSync(source).isFile();
    let report: GradeReport;
    if (isFile) report = await readSavedReport(source);
    else {
      options.onGrade?.(source);
      const { gradeAttempt } = await import('./grade.js');
      report = await gradeAttempt({
        dir: source,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      });
    }
    const name = isFile ? basename(source).replace(/\.json$/i, '') : basename(source);
    attempts.push({
      label: uniqueLabel(name, taken),
      source,
      from: isFile ? 'json' : 'graded',
      report,
    });
  }
  const levels = [...new Set(attempts.map((a) => a.report.level.id))];
  const first = attempts[0];
  if (!first)
    throw new KitError('KIT_NOTHING_TO_DO', 'Nothing to compare. Run `kit report <attempt>...`.');
  if (levels.length > 1) {
    throw new KitError(
      'KIT_BAD_OPTION',
      `These attempts are of different levels (${levels.join(', ')}); compare attempts of one level, e.g. \`kit report a b\` for two ${first.report.level.id} attempts.`,
    );
  }
  return { level: first.report.level, attempts };
}
