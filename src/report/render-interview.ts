import type { ManualCriterionInfo } from '../room/protocol/people-protocol.js';
import type { RoomSnapshot } from '../room/store/room-snapshot.js';
import { decisionLabel } from '../room/store/session-review.js';

/** What the interview scorecard is made from: a session's final state and its guide's criteria. */
export interface InterviewFacts {
  sessionId: string;
  title: string;
  level: { id: string; title: string };
  createdAt: string;
  endedAt: string | null;
  participants: string[];
  snapshot: Pick<RoomSnapshot, 'review' | 'scores' | 'hints' | 'runs' | 'files'>;
  manual: ManualCriterionInfo[];
}

// Table cells and list items hold the interviewer's text: keep it on one line, pipes escaped.
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/**
 * The room's side of the scorecard, in Markdown for a hiring system: decision, tags, summary,
 * manual scores with notes, hints given with their times, the last run and the files.
 */
export function renderInterviewScorecard(f: InterviewFacts): string {
  const { review, scores, hints, runs, files } = f.snapshot;
  const lines = [
    `# Interview scorecard: ${cell(f.title)}`,
    '',
    `- Session: ${f.sessionId}`,
    `- Level: ${f.level.id} (${f.level.title})`,
    `- Held: ${f.createdAt}${f.endedAt ? ` to ${f.endedAt}` : ' (not ended)'}`,
    `- Participants: ${f.participants.join(', ') || 'none'}`,
    `- Decision: **${decisionLabel(review.decision)}**`,
    `- Tags: ${review.tags.join(', ') || 'none'}`,
    '',
    '## Summary',
    '',
    review.summary || '_No summary written._',
    '',
    '## Manual criteria',
    '',
  ];
  if (f.manual.length === 0) lines.push('_This level has no manual criteria._');
  else {
    lines.push('| id | criterion | points | note |', '| --- | --- | --- | --- |');
    for (const c of f.manual) {
      const s = scores[c.id];
      const points = s ? `${s.points} / ${c.points}` : `not scored / ${c.points}`;
      lines.push(`| ${c.id} | ${cell(c.title)} | ${points} | ${cell(s?.note ?? '')} |`);
    }
  }
  lines.push('', `## Hints given (${hints.length})`, '');
  if (hints.length === 0) lines.push('_None._');
  for (const h of hints)
    lines.push(
      `- ${h.at} · ${h.milestone}. ${cell(h.milestoneTitle)} · ${h.tierName}: ${cell(h.text)}`,
    );
  const last = runs.at(-1);
  const total = last?.report?.total;
  lines.push(
    '',
    '## Last run',
    '',
    total
      ? `${total.earned} / ${total.possible} (${total.percent}%), ${last?.scope === 'all' ? 'all tests' : 'visible tests'}, at ${last?.finishedAt}`
      : last
        ? `Run ${last.runId} did not finish grading.`
        : '_No run._',
    '',
    '## Files',
    '',
    ...files.map((name) => `- src/${name}`),
    '',
  );
  return lines.join('\n');
}
