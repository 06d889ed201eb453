/** A rule of the source scan: something that has no business in a level's code. */
export type IntegrityRule =
  | 'forbidden-module'
  | 'test-internals'
  | 'reference-import'
  | 'dynamic-import'
  | 'process-internals'
  | 'proc-fs'
  | 'raw-fd-write'
  | 'global-patch'
  | 'clock-patch'
  | 'eval';

/** One finding of the source scan. Advisory: it never changes the score. */
export interface IntegrityFlag {
  /** Path relative to the graded folder. */
  file: string;
  /** 1-based. */
  line: number;
  rule: IntegrityRule;
  message: string;
}
