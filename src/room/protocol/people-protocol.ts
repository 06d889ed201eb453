/**
 * The room's messages about people and the interviewer's tools: hints, manual scores, the review
 * (tags, decision, summary), the file list and reconnecting peers. protocol.ts adds them to its
 * unions; they live here so that file stays about the core loop.
 */

/** A participant as these messages name one (the same fields as protocol.ts's `PeerInfo`). */
export interface PeoplePeer {
  id: string;
  role: 'interviewer' | 'candidate' | 'observer';
  name: string;
  canEdit: boolean;
}

/** The interviewer's decision at the end of an interview, weakest to strongest. */
export const DECISIONS = ['strong-no', 'no', 'yes', 'strong-yes'] as const;

/** One of `DECISIONS`. */
export type Decision = (typeof DECISIONS)[number];

/** How the page and the scorecard spell each decision. */
export const DECISION_LABELS: Readonly<Record<Decision, string>> = {
  'strong-no': 'Strong no',
  no: 'No',
  yes: 'Yes',
  'strong-yes': 'Strong yes',
};

/** Limits of the interviewer's review and of the room's files. */
export const REVIEW_LIMITS = {
  maxTags: 10,
  maxTagChars: 32,
  maxSummaryChars: 4000,
  maxScoreNoteChars: 1000,
} as const;

/** Limits on the files of a room: names `[A-Za-z0-9_-]+.ts`, at most this long and this many. */
export const FILE_LIMITS = { maxNameChars: 60, maxFiles: 20 } as const;

/** One hint of the guide, in the order `kit hint` gives them. */
export interface GuideHint {
  /** 1-based milestone number, as the guide numbers them. */
  milestone: number;
  milestoneTitle: string;
  tier: number;
  tierName: string;
  text: string;
}

/** A manual criterion as the guide's rubric table lists it (interviewers only). */
export interface ManualCriterionInfo {
  id: string;
  title: string;
  points: number;
}

/** A hint given in the room; everyone sees it. */
export interface GivenHint extends GuideHint {
  /** 1, 2, 3... in session order. */
  id: number;
  at: string;
  by: Pick<PeoplePeer, 'id' | 'name'>;
}

/** The interviewer's score of one manual criterion, as `kit grade --score` keeps it. */
export interface RoomManualScore {
  points: number;
  note?: string;
}

/** The interviewer's review of the session; never sent to candidates or observers. */
export interface SessionReview {
  tags: string[];
  decision: Decision | null;
  summary: string;
}

/** A participant whose connection dropped and who may still come back (`graceMs`). */
export interface AwayPeer {
  peer: PeoplePeer;
  /** ISO time the connection dropped. */
  since: string;
  /** ISO time after which they count as gone. */
  until: string;
}

// ---- client -> server ----

/** Interviewer only: show the candidate the guide's hint at `index` (of `welcome.guide.hints`). */
export interface HintGiveRequest {
  type: 'hint.give';
  index: number;
}
/** Interviewer only: score a manual criterion (`points: null` clears it). */
export interface ScoreSetRequest {
  type: 'score.set';
  criterion: string;
  points: number | null;
  note?: string;
}
/** Interviewer only: replace the review (also after the end). */
export interface ReviewSetRequest {
  type: 'review.set';
  review: SessionReview;
}
/** Someone who may edit: add an empty file, rename one, or delete one. */
export interface FileChangeRequest {
  type: 'file.add' | 'file.rename' | 'file.delete';
  name: string;
  /** For `file.rename`: the new name. */
  to?: string;
}

/** The people and tools requests, for protocol.ts's union. */
export type PeopleClientMessage =
  | HintGiveRequest
  | ScoreSetRequest
  | ReviewSetRequest
  | FileChangeRequest;

/** Their `type` values. */
export const PEOPLE_CLIENT_TYPES = [
  'hint.give',
  'score.set',
  'review.set',
  'file.add',
  'file.rename',
  'file.delete',
] as const satisfies readonly PeopleClientMessage['type'][];

// ---- server -> client ----

/** A hint was given; to everyone. */
export interface HintMessage extends GivenHint {
  type: 'hint';
}
/** The manual scores after a change; interviewers only. */
export interface ScoresMessage {
  type: 'scores';
  scores: Record<string, RoomManualScore>;
}
/** The review after a change; interviewers only. */
export interface ReviewMessage {
  type: 'review';
  review: SessionReview;
}
/** The file list changed; to everyone. */
export interface FilesMessage {
  type: 'files';
  files: string[];
  change: { kind: 'add' | 'rename' | 'delete'; name: string; to?: string };
  by: Pick<PeoplePeer, 'id' | 'name'>;
}

/** The people and tools messages, for protocol.ts's union. */
export type PeopleServerMessage = HintMessage | ScoresMessage | ReviewMessage | FilesMessage;

/** An empty review. */
export function emptyReview(): SessionReview {
  return { tags: [], decision: null, summary: '' };
}
