import * as Y from 'yjs';
import type { ChatEntry, RunOutcome } from '../../src/room/protocol/protocol.js';
import type { RecordedEvent, RecordedPeer } from '../../src/room/store/recording-types.js';
import type { Recording } from './recording-model.js';
import {
  burstLabel,
  type CodeEdit,
  decodeBase64,
  type EditBurst,
  editAt,
  editBursts,
  findEdits,
} from './replay-edits.js';

/** The room as it was at one moment of the recording. */
export interface ReplayState {
  t: number;
  files: Record<string, string>;
  chat: ChatEntry[];
  present: RecordedPeer[];
  runs: RunOutcome[];
  ended: boolean;
}

/** A point on the seek bar worth marking. */
export interface ReplayMarker {
  t: number;
  kind: 'run' | 'chat' | 'join' | 'hint' | 'edit';
  label: string;
}

/**
 * Plays a recording forward: the state at any time is the result of applying every event up to
 * it (the same reducer the server uses), cached so playing forward applies only the new events.
 */
export class ReplayModel {
  readonly duration: number;
  readonly markers: ReplayMarker[];
  /** Every edit a person made, with the files and line it changed (computed once). */
  readonly edits: CodeEdit[];
  /** The edits grouped into bursts, one timeline marker each. */
  readonly bursts: EditBurst[];
  /** The file the replay opens on: that of the first edit, or the level's first file. */
  readonly startFile: string;
  readonly #recording: Recording;
  #doc = new Y.Doc();
  #applied = 0;
  #chat: ChatEntry[] = [];
  #present = new Map<string, RecordedPeer>();
  #runs: RunOutcome[] = [];
  #ended = false;
  /** The room's files so far: the level's, then as `files` events added, renamed or deleted. */
  #files: string[];

  constructor(recording: Recording) {
    this.#recording = recording;
    this.#files = [...recording.header.session.files];
    const end = recording.events.find((e) => e.type === 'end');
    this.duration = end?.t ?? recording.events.at(-1)?.t ?? 0;
    this.markers = recording.events.flatMap((e): ReplayMarker[] => {
      if (e.t > this.duration) return [];
      if (e.type === 'run.result') return [{ t: e.t, kind: 'run', label: runLabel(e.run) }];
      if (e.type === 'chat')
        return [{ t: e.t, kind: 'chat', label: `${e.from.name}: ${e.text.slice(0, 60)}` }];
      if (e.type === 'join')
        return [{ t: e.t, kind: 'join', label: `${e.peer.name} joined (${e.peer.role})` }];
      if (e.type === 'hint')
        return [{ t: e.t, kind: 'hint', label: `Hint: ${e.hint.text.slice(0, 60)}` }];
      return [];
    });
    this.edits = findEdits(recording, this.duration);
    this.bursts = editBursts(this.edits);
    for (const b of this.bursts) this.markers.push({ t: b.t, kind: 'edit', label: burstLabel(b) });
    this.markers.sort((a, b) => a.t - b.t);
    this.startFile = this.edits[0]?.file ?? recording.header.session.files[0] ?? '';
  }

  /** The latest edit at or before `t` (the one a viewer following edits looks at), or null. */
  editAt(t: number): CodeEdit | null {
    return editAt(this.edits, t);
  }

  /** Every finished run with the time its code was taken (its start). */
  runs(): { run: RunOutcome; startT: number }[] {
    const starts = new Map<number, number>();
    const out: { run: RunOutcome; startT: number }[] = [];
    for (const e of this.#recording.events) {
      if (e.type === 'run.start') starts.set(e.runId, e.t);
      if (e.type === 'run.result') out.push({ run: e.run, startT: starts.get(e.run.runId) ?? e.t });
    }
    return out;
  }

  /** The time of the first event after `t`, or null at the end. */
  nextEventAfter(t: number): number | null {
    return this.#recording.events.find((e) => e.t > t && e.t <= this.duration)?.t ?? null;
  }

  /** The state at time `t` (milliseconds since the session was created). */
  stateAt(t: number): ReplayState {
    const events = this.#recording.events;
    if (this.#applied > 0 && (events[this.#applied - 1]?.t ?? 0) > t) this.#reset();
    while (this.#applied < events.length && (events[this.#applied]?.t ?? 0) <= t) {
      this.#apply(events[this.#applied] as RecordedEvent);
      this.#applied += 1;
    }
    const files: Record<string, string> = {};
    for (const name of this.#files) files[name] = this.#doc.getText(name).toString();
    return {
      t,
      files,
      chat: [...this.#chat],
      present: [...this.#present.values()],
      runs: [...this.#runs],
      ended: this.#ended,
    };
  }

  /** The code at time `t`, without disturbing the playback cache. */
  codeAt(t: number): Record<string, string> {
    const doc = new Y.Doc();
    let names = this.#recording.header.session.files;
    for (const e of this.#recording.events) {
      if (e.t > t) break;
      if (e.type === 'code') Y.applyUpdate(doc, decodeBase64(e.update));
      if (e.type === 'files') names = e.files;
    }
    const files: Record<string, string> = {};
    for (const name of names) files[name] = doc.getText(name).toString();
    doc.destroy();
    return files;
  }

  #reset(): void {
    this.#doc.destroy();
    this.#doc = new Y.Doc();
    this.#applied = 0;
    this.#chat = [];
    this.#present = new Map();
    this.#runs = [];
    this.#ended = false;
    this.#files = [...this.#recording.header.session.files];
  }

  #apply(e: RecordedEvent): void {
    const createdAt = Date.parse(this.#recording.header.session.createdAt);
    switch (e.type) {
      case 'code':
        Y.applyUpdate(this.#doc, decodeBase64(e.update));
        break;
      case 'join':
        this.#present.set(e.peer.id, e.peer);
        break;
      case 'leave':
        this.#present.delete(e.peer);
        break;
      case 'chat':
        this.#chat.push({
          id: e.id,
          at: new Date(createdAt + e.t).toISOString(),
          from: e.from,
          text: e.text,
        });
        break;
      case 'run.result':
        this.#runs.push(e.run);
        break;
      case 'end':
        this.#ended = true;
        break;
      case 'files':
        this.#files = e.files;
        break;
    }
  }
}

/** `Run 2 · 5/20` or `Run 2 · error`. */
export function runLabel(run: RunOutcome): string {
  const score = run.report ? `${run.report.total.earned}/${run.report.total.possible}` : 'error';
  return `Run ${run.runId} (${run.scope}) · ${score} · by ${run.by.name}`;
}
