import {
  DECISIONS,
  type Decision,
  type PeopleClientMessage,
  REVIEW_LIMITS,
} from './people-protocol.js';

/**
 * Checks the shape of a hint, score, review or file request (already known to have one of those
 * types); returns the message, or why it is refused. Rights and meaning are the room's to check.
 */
export function parsePeopleMessage(m: Record<string, unknown>): PeopleClientMessage | string {
  switch (m.type) {
    case 'hint.give':
      if (!Number.isInteger(m.index) || (m.index as number) < 0)
        return '"hint.give" needs "index", a whole number from 0.';
      return { type: 'hint.give', index: m.index as number };
    case 'score.set': {
      if (typeof m.criterion !== 'string' || m.criterion === '')
        return '"score.set" needs a "criterion" id, such as "R8".';
      const points = m.points;
      if (points !== null && (typeof points !== 'number' || !Number.isFinite(points)))
        return '"score.set" needs "points", a number (or null to clear the score).';
      if (m.note !== undefined && typeof m.note !== 'string')
        return '"score.set" takes "note" as a string.';
      const note = (m.note ?? '').trim();
      if (note.length > REVIEW_LIMITS.maxScoreNoteChars)
        return `A score's note holds at most ${REVIEW_LIMITS.maxScoreNoteChars} characters; this one has ${note.length}.`;
      return { type: 'score.set', criterion: m.criterion, points, ...(note ? { note } : {}) };
    }
    case 'review.set':
      return parseReview(m.review);
    case 'file.add':
    case 'file.rename':
    case 'file.delete': {
      if (typeof m.name !== 'string') return `"${m.type}" needs a string "name".`;
      if (m.type !== 'file.rename') return { type: m.type, name: m.name };
      if (typeof m.to !== 'string') return '"file.rename" needs a string "to", the new name.';
      return { type: 'file.rename', name: m.name, to: m.to };
    }
    default:
      return `Unknown message type "${String(m.type).slice(0, 40)}".`;
  }
}

function parseReview(raw: unknown): PeopleClientMessage | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return '"review.set" needs a "review" object with "tags", "decision" and "summary".';
  const r = raw as Record<string, unknown>;
  if (!Array.isArray(r.tags) || !r.tags.every((t) => typeof t === 'string'))
    return 'A review\'s "tags" is a list of strings.';
  const tags = [...new Set((r.tags as string[]).map((t) => t.trim().toLowerCase()))].filter(
    (t) => t !== '',
  );
  const { maxTags, maxTagChars, maxSummaryChars } = REVIEW_LIMITS;
  if (tags.length > maxTags)
    return `A review holds at most ${maxTags} tags; this one has ${tags.length}.`;
  const long = tags.find((t) => t.length > maxTagChars);
  if (long)
    return `A tag holds at most ${maxTagChars} characters; "${long.slice(0, maxTagChars)}…" is longer.`;
  if (r.decision !== null && !DECISIONS.includes(r.decision as Decision))
    return `A review's "decision" is one of ${DECISIONS.join(', ')}, or null.`;
  if (typeof r.summary !== 'string') return 'A review\'s "summary" is a string.';
  const summary = r.summary.trim();
  if (summary.length > maxSummaryChars)
    return `A review's summary holds at most ${maxSummaryChars} characters; this one has ${summary.length}.`;
  return {
    type: 'review.set',
    review: { tags, decision: (r.decision as Decision | null) ?? null, summary },
  };
}
