/** What the grading parent tells its child: which files to run against which implementation. */
export interface ChildConfig {
  root: string;
  /** Grader files, absolute. */
  files: string[];
  /** Folder the `#attempt/*` alias points at. */
  implDir: string;
  /** Folder the `#reference/*` alias points at. */
  referenceDir: string;
  testTimeoutMs: number;
  cacheDir: string;
}

/** One test's result as the child reports it. */
export interface RawTest {
  /** The `it` title. */
  name: string;
  /** Describe blocks and title joined with ` > `. */
  fullName: string;
  state: 'passed' | 'failed' | 'skipped';
  errors: string[];
  durationMs: number;
}

/** Messages the child sends to the parent over IPC. */
export type ChildMessage =
  | { type: 'module'; file: string; loadErrors: string[]; tests: RawTest[] }
  | { type: 'end'; unhandledErrors: string[] }
  | { type: 'fatal'; message: string };
