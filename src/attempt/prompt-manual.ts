import { createInterface } from 'node:readline';
import { Chalk } from 'chalk';
import type { ManualScore } from '../grading/score.js';
import type { Criterion, Rubric } from '../grading/types.js';
import { wrapText } from '../guides/wrap-text.js';
import { allowedScores, manualCriteria, parseScoreValue } from './manual-scores.js';

/** What the manual-scoring prompt needs; streams are passed in so tests can drive it. */
export interface PromptManualOptions {
  rubric: Rubric;
  /** "What to look for" by criterion id, from the guide's rubric table; the rubric's is the fallback. */
  lookFor?: Record<string, string>;
  saved: Record<string, ManualScore>;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Persists one answer; called after every score and every note, so Ctrl-C loses nothing saved. */
  save: (id: string, score: ManualScore) => Promise<void>;
  /** Aborting it (bin does on SIGINT) stops the prompt like Ctrl-C in a terminal. */
  signal?: AbortSignal;
  color?: boolean;
}

/** How the prompt ended. */
export interface PromptManualResult {
  /** Criteria given a score or note in this session. */
  scored: string[];
  /** Criteria still without a score. */
  pending: string[];
  /** Stopped by Ctrl-C (or the signal) before the last question. */
  interrupted: boolean;
  /** The input ended (Ctrl-D, or piped answers ran out) before the last question. */
  inputEnded: boolean;
}

function header(
  c: InstanceType<typeof Chalk>,
  criterion: Criterion,
  n: number,
  of: number,
): string {
  const points = `${criterion.points} point${criterion.points === 1 ? '' : 's'}`;
  return `\n${c.dim(`[${n}/${of}]`)} ${c.bold(criterion.id)}  ${criterion.title} ${c.dim(`(manual, ${points})`)}\n`;
}

/**
 * Walks the interviewer through every manual criterion: shows what to look for, asks for a score
 * within the criterion's points (asking again, with what is allowed, after wrong input), then an
 * optional note. Enter keeps a saved score, or leaves an unscored criterion pending.
 */
export async function promptManualScores(
  options: PromptManualOptions,
): Promise<PromptManualResult> {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const terminal = Boolean((options.input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: options.input, output: options.output, terminal });
  const lines = rl[Symbol.asyncIterator]();
  // Piped answers may all be buffered before the input ends: `lines` still yields them after
  // 'close', so only an interruption stops the questions early.
  const state = { ended: false, interrupted: false };
  const stop = () => {
    state.interrupted = true;
    rl.close();
  };
  rl.on('SIGINT', stop);
  options.signal?.addEventListener('abort', stop, { once: true });
  const write = (text: string) => options.output.write(text);
  const ask = async (question: string): Promise<string | null> => {
    if (state.ended || state.interrupted) return null;
    rl.setPrompt(question);
    rl.prompt();
    const next = await lines.next();
    if (next.done || state.interrupted) {
      state.ended = true;
      return null;
    }
    // Piped answers are not echoed by a terminal; echo them so the transcript reads well.
    if (!terminal) write(`${next.value}\n`);
    return next.value;
  };

  const manual = manualCriteria(options.rubric);
  const saved = { ...options.saved };
  const scored: string[] = [];
  let finished = true;
  try {
    for (const [i, criterion] of manual.entries()) {
      write(header(c, criterion, i + 1, manual.length));
      const look = options.lookFor?.[criterion.id] ?? criterion.lookFor;
      if (look) {
        const wrapped = wrapText(look, 86);
        write(
          `${wrapped.map((l, n) => `${n === 0 ? '  Look for: ' : '            '}${l}`).join('\n')}\n`,
        );
      }
      const current = saved[criterion.id];
      if (current) {
        write(
          c.dim(
            `  Saved: ${current.points}/${criterion.points}${current.note ? ` · "${current.note}"` : ''}\n`,
          ),
        );
      }
      const keep = current ? `Enter keeps ${current.points}` : 'Enter skips';
      let points: number | null = null;
      for (;;) {
        const answer = await ask(`  Score for ${criterion.id} (0-${criterion.points}, ${keep}): `);
        if (answer === null) break;
        if (answer.trim() === '') break;
        points = parseScoreValue(criterion, answer);
        if (points !== null) break;
        write(
          `${c.yellow(
            `  "${answer.trim()}" is not allowed: enter ${allowedScores(criterion)} (${keep}).`,
          )}\n`,
        );
      }
      if (state.ended) {
        finished = false;
        break;
      }
      if (points !== null) {
        saved[criterion.id] = { ...current, points };
        await options.save(criterion.id, saved[criterion.id] as ManualScore);
        scored.push(criterion.id);
      }
      const entry = saved[criterion.id];
      if (!entry) continue;
      const noteHint = entry.note
        ? 'Enter keeps the saved note, "-" removes it'
        : 'optional, Enter for none';
      const note = await ask(`  Note for ${criterion.id} (${noteHint}): `);
      if (note === null) {
        finished = false;
        break;
      }
      const text = note.trim();
      if (text === '') continue;
      saved[criterion.id] =
        text === '-' ? { points: entry.points } : { points: entry.points, note: text };
      await options.save(criterion.id, saved[criterion.id] as ManualScore);
      if (!scored.includes(criterion.id)) scored.push(criterion.id);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    rl.close();
  }
  return {
    scored,
    pending: manual.filter((m) => !saved[m.id]).map((m) => m.id),
    interrupted: !finished && state.interrupted,
    inputEnded: !finished && !state.interrupted,
  };
}
