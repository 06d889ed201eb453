import type { RunOutcome } from '../protocol/protocol.js';
import { readCodeFiles } from './code-doc.js';
import type { RoomSnapshot } from './room-snapshot.js';

/** `mm:ss` (or `h:mm:ss`) of a recording offset. */
export function formatOffset(ms: number): string {
  const s = Math.floor(ms / 1000);
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** One line summing up a run: its score, how it was stopped, whether the candidate saw the grade. */
export function describeRun(run: RunOutcome): string {
  const notes = [
    run.stopped?.reason === 'cancelled' ? `cancelled by ${run.stopped.by.name}` : '',
    run.stopped?.reason === 'limit' ? `stopped at its ${run.stopped.limitMs / 1000} s limit` : '',
    run.shared ? 'shared with the candidate' : '',
  ].filter(Boolean);
  const tail = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  if (!run.report)
    return `run ${run.runId} (${run.scope}) by ${run.by.name}: ${run.error ?? 'no result'}${tail}`;
  const tests = run.report.criteria.flatMap((c) => c.tests);
  const passed = tests.filter((t) => t.state === 'passed').length;
  const { earned, possible, percent } = run.report.total;
  return `run ${run.runId} (${run.scope}) by ${run.by.name}: ${passed}/${tests.length} tests, ${earned}/${possible} points (${percent}%)${tail}`;
}

// Control characters in recorded text could drive the terminal; show them as `?`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, '?');

/** A replay screen: the file being edited around its last change, the recent chat, the last run. */
export function renderScreen(
  snap: RoomSnapshot,
  view: { file: string; line: number; rows?: number; chatRows?: number },
): string {
  const rows = view.rows ?? 24;
  const { session } = snap.header;
  const out = [`── ${clean(session.title)} (${session.level}) · ${formatOffset(snap.t)} ──`];
  out.push(snap.files.map((f) => (f === view.file ? `[${f}]` : ` ${f} `)).join(' '));
  const lines = (snap.doc.getText(view.file).toString() || '').split('\n');
  const first = Math.max(0, Math.min(view.line - Math.floor(rows / 2), lines.length - rows));
  lines.slice(first, first + rows).forEach((line, i) => {
    out.push(`${String(first + i + 1).padStart(4)} │ ${clean(line)}`);
  });
  out.push('── chat ──');
  for (const c of snap.chat.slice(-(view.chatRows ?? 6))) {
    out.push(
      `${formatOffset(Date.parse(c.at) - Date.parse(session.createdAt))} ${clean(c.from.name)} (${c.from.role}): ${clean(c.text)}`,
    );
  }
  const run = snap.runs.at(-1);
  if (run) out.push(`── ${describeRun(run)}`);
  if (snap.endedAt) out.push('── session ended ──');
  return out.join('\n');
}

/** The whole final state: every file in full, the whole chat, notes and runs. */
export function renderFinal(snap: RoomSnapshot): string {
  const { session } = snap.header;
  const out = [
    `# ${clean(session.title)} (${session.level}), ${session.createdAt}, ${formatOffset(snap.t)} recorded`,
  ];
  for (const [name, content] of Object.entries(readCodeFiles(snap.doc, snap.files))) {
    out.push('', `## ${name}`, clean(content));
  }
  out.push('', '## chat');
  for (const c of snap.chat)
    out.push(`${c.at} ${clean(c.from.name)} (${c.from.role}): ${clean(c.text)}`);
  if (snap.notes.length > 0) {
    out.push('', '## interviewer notes');
    for (const n of snap.notes) out.push(`${n.at} ${clean(n.text)}`);
  }
  if (snap.hints.length > 0) {
    out.push('', '## hints given');
    for (const h of snap.hints)
      out.push(
        `${h.at} ${h.milestone}. ${clean(h.milestoneTitle)} · ${h.tierName}: ${clean(h.text)}`,
      );
  }
  if (snap.runs.length > 0) {
    out.push('', '## runs');
    for (const r of snap.runs) out.push(describeRun(r));
  }
  out.push('', snap.endedAt ? `ended ${snap.endedAt}` : 'not ended');
  return out.join('\n');
}
