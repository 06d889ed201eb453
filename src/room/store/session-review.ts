import { KitError } from '../../errors.js';
import {
  DECISION_LABELS,
  DECISIONS,
  type Decision,
  type SessionReview,
} from '../protocol/people-protocol.js';

/** What the session list may be filtered by: a tag and a decision. */
export interface ReviewFilter {
  tag?: string;
  decision?: string;
}

/** Checks a `--decision` value; a wrong one is a KitError naming the choices. */
export function parseDecision(value: string): Decision {
  const d = value.trim().toLowerCase().replace(/\s+/g, '-');
  if ((DECISIONS as readonly string[]).includes(d)) return d as Decision;
  throw new KitError(
    'KIT_BAD_OPTION',
    `Decision "${value}" is not one of ${DECISIONS.join(', ')}. Run \`kit sessions --help\`.`,
  );
}

/** True when a review passes the filter (tags compare without case). */
export function reviewMatches(review: SessionReview, filter: ReviewFilter): boolean {
  if (filter.tag !== undefined && !review.tags.includes(filter.tag.trim().toLowerCase()))
    return false;
  if (filter.decision !== undefined && review.decision !== parseDecision(filter.decision))
    return false;
  return true;
}

/** A decision as people read it (`Strong yes`), or `none`. */
export function decisionLabel(decision: Decision | null): string {
  return decision ? DECISION_LABELS[decision] : 'none';
}
