/** A test the engine adds to a grader file for one run: it must fail, and must be reported failed. */
export interface Canary {
  /** A random title, shaped like a grader's (`[R2] ...`), new every run. */
  name: string;
  /** How it fails: through `expect`, through `assert`, or by a plain throw. */
  check: 'expect' | 'assert' | 'throw';
  /** Registered before the file's own tests, or after them. */
  at: 'head' | 'tail';
}

/**
 * What the grading parent tells its child, on the child's stdin: which files to run against which
 * implementation, and the secret that marks the child's own messages.
 */
export interface ChildConfig {
  root: string;
  /** Grader files, absolute. */
  files: string[];
  /** Folder the `#attempt/*` alias points at. */
  implDir: string;
  /** Files each grader file's realm evaluates before the grader (the trusted clock). */
  setupFiles: string[];
  testTimeoutMs: number;
  cacheDir: string;
  /** Per-run secret; every line the child writes carries it. Never reaches a vitest worker. */
  token: string;
  /** Canaries by absolute grader file path. */
  canaries: Record<string, Canary[]>;
}

/** What the child of `kit test` reads from its config file. */
export interface TestChildConfig {
  root: string;
  watch: boolean;
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

/** Messages the child sends to the parent. */
export type ChildMessage =
  | { type: 'module'; file: string; loadErrors: string[]; tests: RawTest[] }
  | { type: 'end'; unhandledErrors: string[] }
  | { type: 'fatal'; message: string };

/** The child's results channel: file descriptor 3, a plain pipe (not Node IPC), one JSON per line. */
export const RESULTS_FD = 3;

/** One line on the results channel. */
export interface ChildEnvelope {
  token: string;
  /** 0, 1, 2... in the order the child wrote them: a line injected or lost shows as a gap. */
  seq: number;
  message: ChildMessage;
}

/** Serialises a message for the results channel. */
export function encodeEnvelope(envelope: ChildEnvelope): string {
  return `${JSON.stringify(envelope)}\n`;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

function isRawTest(v: unknown): v is RawTest {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    isString(t.name) &&
    isString(t.fullName) &&
    (t.state === 'passed' || t.state === 'failed' || t.state === 'skipped') &&
    isStrings(t.errors) &&
    typeof t.durationMs === 'number'
  );
}

function isChildMessage(v: unknown): v is ChildMessage {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  if (m.type === 'module') {
    return (
      isString(m.file) &&
      isStrings(m.loadErrors) &&
      Array.isArray(m.tests) &&
      m.tests.every(isRawTest)
    );
  }
  if (m.type === 'end') return isStrings(m.unhandledErrors);
  if (m.type === 'fatal') return isString(m.message);
  return false;
}

/**
 * Reads one line of the results channel. Returns the message, or why it cannot be trusted: not
 * JSON, not a message of this protocol, without this run's token, or out of sequence.
 */
export function decodeEnvelope(
  line: string,
  token: string,
  expectedSeq: number,
): { message: ChildMessage } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { error: 'a line that is not JSON' };
  }
  const e = parsed as Partial<ChildEnvelope> | null;
  if (typeof e !== 'object' || e === null || e.token !== token) {
    return { error: 'a message without this run’s secret token' };
  }
  if (e.seq !== expectedSeq) return { error: `message ${e.seq} where ${expectedSeq} was due` };
  if (!isChildMessage(e.message)) return { error: 'a message that is not of the protocol' };
  return { message: e.message };
}
