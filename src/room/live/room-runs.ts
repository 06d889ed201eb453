import type { GradeReport } from '../../grading/types.js';
import type { Role, RunOutcome, RunScope } from '../protocol/protocol.js';
import type { RunningRun, RunStopped } from '../protocol/run-protocol.js';
import { readCodeFiles } from '../store/code-doc.js';
import type { RecordedEvent } from '../store/recording-types.js';
import { noteRun } from '../store/session-activity.js';
import type { PeerConnection } from './peer-connection.js';
import { limitReport, seesOutput, viewRun } from './redact-report.js';
import { DEFAULT_RUN_TIMEOUTS, type RoomContext } from './room-context.js';
import { RunConsole } from './run-console.js';
import { stripPathsDeep } from './run-paths.js';

type RunStart = Extract<RecordedEvent, { type: 'run.start' }>;

export type { RunningRun } from '../protocol/run-protocol.js';

/** The engine's own limit comes this long after the room's: the room stops the run first. */
const ENGINE_BACKSTOP_MS = 5_000;
/** A runner that has not ended this long after its signal aborted is given up on. */
const GIVE_UP_MS = 10_000;

/** How long a stopped run may take to end: 10 s, or its own limit if shorter (at least 1 s). */
function giveUpMs(limitMs: number): number {
  return Math.min(GIVE_UP_MS, Math.max(1_000, limitMs));
}

/** Why the room refused a cancel or a share. */
export type RunRefusal = { code: 'forbidden' | 'no-such-run'; message: string };

/** The run in progress: its public state and what stops it. */
interface Current {
  run: RunningRun;
  start: RunStart;
  abort: AbortController;
  stopped: RunStopped | null;
  giveUp: () => void;
  output: RunConsole | null;
}

/**
 * Runs of one room: at most one at a time, each recorded, stopped at its time limit or when
 * cancelled, its output streamed, its result sent to each role as that role may see it (see
 * `viewRun`), and shared with the candidate when the interviewer says so.
 */
export class RunCoordinator {
  readonly #ctx: RoomContext;
  #current: Current | null = null;
  #lastRun: RunOutcome | null;
  #nextRun: number;

  constructor(ctx: RoomContext, lastRun: RunOutcome | null, nextRun: number) {
    this.#ctx = ctx;
    this.#lastRun = lastRun;
    this.#nextRun = nextRun;
  }

  /** The run in progress, or null. */
  get running(): RunningRun | null {
    return this.#current?.run ?? null;
  }

  /** The run in progress as `role` may see it in `welcome`: with its output so far, if theirs to see. */
  runningFor(role: Role): RunningRun | null {
    const current = this.#current;
    if (!current) return null;
    const output = current.output?.sent;
    const shown = output && output.text !== '' && seesOutput(current.run.by, role);
    return shown ? { ...current.run, output } : current.run;
  }

  /** The `run.start` event of the run in progress, for snapshots. */
  get runningStart(): RunStart | null {
    return this.#current?.start ?? null;
  }

  /** The last finished run, unredacted, or null. */
  get lastRun(): RunOutcome | null {
    return this.#lastRun;
  }

  /** Grades the current code: `run.started` to everyone, output as it comes, then the result. */
  async start(peer: PeerConnection, scope: RunScope): Promise<void> {
    const ctx = this.#ctx;
    const runId = this.#nextRun;
    const recorded = ctx.record({ type: 'run.start', runId, scope, by: peer.who });
    if (!recorded.ok || recorded.event.type !== 'run.start') {
      if (!recorded.ok) ctx.error(peer, recorded.code, recorded.message);
      return;
    }
    this.#nextRun += 1;
    const startedAt = ctx.timeOf(recorded.event);
    const timeouts = ctx.opts.runTimeouts ?? DEFAULT_RUN_TIMEOUTS;
    const limitMs = scope === 'all' ? timeouts.allMs : timeouts.visibleMs;
    const by = peer.who;
    let giveUp = () => {};
    const gaveUp = new Promise<null>((resolve) => {
      giveUp = () => resolve(null);
    });
    const current: Current = {
      run: { runId, scope, by, at: startedAt, limitMs },
      start: recorded.event,
      abort: new AbortController(),
      stopped: null,
      giveUp,
      output: null,
    };
    this.#current = current;
    ctx.broadcast({ type: 'run.started', runId, scope, by, at: startedAt, limitMs });
    const output = new RunConsole(ctx.opts.limits.maxRunOutputBytes, (text, cut) => {
      for (const p of ctx.connections()) {
        if (seesOutput(by, p.info.role))
          p.send({ type: 'run.output', runId, text, ...(cut ? { cut: true as const } : {}) });
      }
    });
    current.output = output;
    const limitTimer = setTimeout(() => this.#stop(current, { reason: 'limit', limitMs }), limitMs);
    const base = { runId, scope, by, startedAt };
    let result: { report: GradeReport } | { error: string };
    try {
      const report = await Promise.race([
        ctx.opts.runner.run({
          sessionId: ctx.session.id,
          levelId: ctx.session.level,
          files: readCodeFiles(ctx.doc, ctx.state.files),
          scope,
          hintsUsed: ctx.state.hints.length,
          timeoutMs: limitMs + ENGINE_BACKSTOP_MS,
          signal: current.abort.signal,
          onOutput: (text) => output.write(text),
        }),
        gaveUp,
      ]);
      result = report
        ? { report: limitReport(report) }
        : {
            error: `The run did not stop within ${giveUpMs(limitMs) / 1000} s; its result is lost.`,
          };
    } catch (error) {
      ctx.opts.log(`room ${ctx.session.id}: run ${runId} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      result = { error: message.slice(0, 2000) };
    }
    clearTimeout(limitTimer);
    this.#current = null;
    const printed = output.end();
    const run: RunOutcome = stripPathsDeep({
      ...base,
      finishedAt: new Date(ctx.opts.now()).toISOString(),
      ...result,
      ...(current.stopped ? { stopped: current.stopped } : {}),
      ...(printed.text !== '' || printed.cut ? { output: printed } : {}),
    });
    this.#lastRun = run;
    if (!ctx.disposed) {
      ctx.keep({ type: 'run.result', run });
      // A stopped run's partial score is not the code's score: the session list keeps the last.
      const { report: _partial, ...unscored } = run;
      ctx.noteActivity(noteRun(ctx.state.activity, run.stopped ? unscored : run));
    }
    for (const p of ctx.connections()) p.send({ type: 'run.result', ...viewRun(run, p.info.role) });
    ctx.settle();
  }

  /**
   * Stops the run in progress: the interviewer may stop any, a participant the run they started
   * (same role and name, so a reconnected page still can). The runner kills the sandboxed child.
   */
  cancel(peer: PeerConnection, runId: number): RunRefusal | null {
    const current = this.#current;
    if (!current || current.run.runId !== runId) {
      return { code: 'no-such-run', message: `Run ${runId} is not running.` };
    }
    const { by } = current.run;
    const own = peer.info.role === by.role && peer.info.name === by.name;
    if (peer.info.role !== 'interviewer' && !own) {
      return {
        code: 'forbidden',
        message: `Only ${by.name}, who started run ${runId}, or the interviewer may cancel it.`,
      };
    }
    this.#stop(current, { reason: 'cancelled', by: peer.who });
    return null;
  }

  /**
   * Interviewer: shows the last run's grade to the candidate, recorded as a `run.share` event.
   * Sharing twice changes nothing.
   */
  share(peer: PeerConnection, runId: number): RunRefusal | null {
    const ctx = this.#ctx;
    const last = this.#lastRun;
    if (!last || last.runId !== runId) {
      return {
        code: 'no-such-run',
        message: `Only the last finished run can be shared, not run ${runId}.`,
      };
    }
    if (last.shared) return null;
    const recorded = ctx.record({ type: 'run.share', runId, by: peer.who });
    if (!recorded.ok) {
      ctx.error(peer, recorded.code, recorded.message);
      return null;
    }
    const shared: RunOutcome = {
      ...last,
      shared: { at: ctx.timeOf(recorded.event), by: peer.who },
    };
    this.#lastRun = shared;
    for (const p of ctx.connections())
      p.send({ type: 'run.shared', run: viewRun(shared, p.info.role) });
    return null;
  }

  /** Records a run a crash interrupted as failed, so its start has a result. */
  recordInterrupted(start: RunStart): void {
    const run: RunOutcome = {
      runId: start.runId,
      scope: start.scope,
      by: start.by,
      startedAt: this.#ctx.timeOf(start),
      finishedAt: new Date(this.#ctx.opts.now()).toISOString(),
      error: 'The server stopped before this run finished.',
    };
    this.#lastRun = run;
    this.#ctx.keep({ type: 'run.result', run });
  }

  /** Aborts the run (the first reason wins) and gives up on a runner that ignores it. */
  #stop(current: Current, stopped: RunStopped): void {
    if (current.stopped || this.#current !== current) return;
    current.stopped = stopped;
    current.abort.abort();
    setTimeout(current.giveUp, giveUpMs(current.run.limitMs)).unref();
  }
}
