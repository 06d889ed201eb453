import type { RunOutcome, RunScope } from '../protocol/protocol.js';
import { readCodeFiles } from '../store/code-doc.js';
import type { RecordedEvent } from '../store/recording-types.js';
import { noteRun } from '../store/session-activity.js';
import type { PeerConnection } from './peer-connection.js';
import { limitReport, redactRun } from './redact-report.js';
import type { RoomContext } from './room-context.js';

type RunStart = Extract<RecordedEvent, { type: 'run.start' }>;

/** The run in progress, as `welcome.running` shows it. */
export type RunningRun = { runId: number; scope: RunScope; by: string };

/** Runs of one room: at most one at a time, each recorded, its result redacted per role. */
export class RunCoordinator {
  readonly #ctx: RoomContext;
  #running: RunningRun | null = null;
  #runningStart: RunStart | null = null;
  #lastRun: RunOutcome | null;
  #nextRun: number;

  constructor(ctx: RoomContext, lastRun: RunOutcome | null, nextRun: number) {
    this.#ctx = ctx;
    this.#lastRun = lastRun;
    this.#nextRun = nextRun;
  }

  /** The run in progress, or null. */
  get running(): RunningRun | null {
    return this.#running;
  }

  /** The `run.start` event of the run in progress, for snapshots. */
  get runningStart(): RunStart | null {
    return this.#runningStart;
  }

  /** The last finished run, unredacted, or null. */
  get lastRun(): RunOutcome | null {
    return this.#lastRun;
  }

  /** Grades the current code: `run.started` to everyone, then each their redacted `run.result`. */
  async start(peer: PeerConnection, scope: RunScope): Promise<void> {
    const ctx = this.#ctx;
    const runId = this.#nextRun;
    const recorded = ctx.record({ type: 'run.start', runId, scope, by: peer.who });
    if (!recorded.ok || recorded.event.type !== 'run.start') {
      if (!recorded.ok) ctx.error(peer, recorded.code, recorded.message);
      return;
    }
    this.#nextRun += 1;
    const start = recorded.event;
    const startedAt = ctx.timeOf(start);
    this.#running = { runId, scope, by: peer.info.id };
    this.#runningStart = start;
    ctx.broadcast({ type: 'run.started', runId, scope, by: peer.who, at: startedAt });
    const files = readCodeFiles(ctx.doc, ctx.state.files);
    const base = { runId, scope, by: peer.who, startedAt };
    const now = () => new Date(ctx.opts.now()).toISOString();
    let run: RunOutcome;
    try {
      const report = await ctx.opts.runner.run({ levelId: ctx.session.level, files, scope });
      run = { ...base, finishedAt: now(), report: limitReport(report) };
    } catch (error) {
      ctx.opts.log(`room ${ctx.session.id}: run ${runId} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      run = { ...base, finishedAt: now(), error: message.slice(0, 2000) };
    }
    this.#running = null;
    this.#runningStart = null;
    this.#lastRun = run;
    if (!ctx.disposed) {
      ctx.keep({ type: 'run.result', run });
      ctx.noteActivity(noteRun(ctx.state.activity, run));
    }
    for (const p of ctx.connections())
      p.send({ type: 'run.result', ...redactRun(run, p.info.role) });
    ctx.settle();
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
}
