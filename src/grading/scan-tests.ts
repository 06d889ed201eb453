import { readFile } from 'node:fs/promises';

/** A test title found in a grader file's source. */
export interface ScannedTest {
  title: string;
  criterion: string;
}

// A title is a string literal that opens with `[Rn] `, directly after `it(` or `test(` (with an
// optional modifier such as `.skipIf(cond)` or `.concurrent`).
const TITLE =
  /\b(?:it|test)(?:\.\w+)*(?:\([^()]*\))?\(\s*(['"`])(\[(R\d+)\] (?:\\.|(?!\1)[^\\])*)\1/g;

/**
 * Reads the test titles of a grader file from its source, without running it, so the engine knows
 * which tests a file holds even when it fails to load. `kit verify` checks this reading against
 * what vitest collects.
 */
export function scanTestTitles(source: string): ScannedTest[] {
  const found: ScannedTest[] = [];
  for (const match of source.matchAll(TITLE)) {
    const [, quote, raw, criterion] = match;
    if (!raw || !criterion || !quote) continue;
    found.push({ title: unescapeTitle(raw, quote), criterion });
  }
  return found;
}

function unescapeTitle(raw: string, quote: string): string {
  return raw.replace(/\\(.)/g, (_, ch: string) => (ch === quote || ch === '\\' ? ch : `\\${ch}`));
}

/** Scans a grader file on disk. */
export async function scanTestFile(path: string): Promise<ScannedTest[]> {
  return scanTestTitles(await readFile(path, 'utf8'));
}

/** The criterion id a test title names, or null when it names none. */
export function criterionOf(title: string): string | null {
  return /^\[(R\d+)\] /.exec(title)?.[1] ?? null;
}
