import type { GuideMilestone } from '../guides/parse-guide.js';

/** A hint shown to the candidate, as logged by `kit hint`. */
export interface HintUse {
  milestone: number;
  tier: number;
  at: string;
}

/** The two tiers of a milestone's hint: a nudge first, then a stronger one naming the technique. */
export type HintTier = 1 | 2;

/** One hint as the candidate sees it. */
export interface Hint {
  /** 1-based milestone number, as the guide numbers them. */
  milestone: number;
  milestoneTitle: string;
  tier: HintTier;
  tierName: 'Nudge' | 'Stronger';
  text: string;
}

/** Every hint of a guide in the order `kit hint` gives them: each milestone's nudge, then stronger. */
export function hintSequence(milestones: GuideMilestone[]): Hint[] {
  return milestones.flatMap((m, i) => {
    const tiers: Hint[] = [];
    const base = { milestone: i + 1, milestoneTitle: m.title };
    if (m.nudge) tiers.push({ ...base, tier: 1, tierName: 'Nudge', text: m.nudge });
    if (m.stronger) tiers.push({ ...base, tier: 2, tierName: 'Stronger', text: m.stronger });
    return tiers;
  });
}

const key = (h: { milestone: number; tier: number }) => `${h.milestone}.${h.tier}`;

/** The first hint of the sequence not given yet, or null when every hint was given. */
export function nextHint(milestones: GuideMilestone[], used: HintUse[]): Hint | null {
  const given = new Set(used.map(key));
  return hintSequence(milestones).find((h) => !given.has(key(h))) ?? null;
}

/** The hints given so far, in the order given, with their text and time. */
export function givenHints(
  milestones: GuideMilestone[],
  used: HintUse[],
): (Hint & { at: string })[] {
  const byKey = new Map(hintSequence(milestones).map((h) => [key(h), h]));
  return used.flatMap((u) => {
    const hint = byKey.get(key(u));
    return hint ? [{ ...hint, at: u.at }] : [];
  });
}
