import { describe, expect, it } from 'vitest';
import type { HintUse } from '../../src/attempt/hints.js';
import { givenHints, hintSequence, nextHint } from '../../src/attempt/hints.js';
import type { GuideMilestone, GuidePhase } from '../../src/guides/parse-guide.js';
import { phaseAt, plannedMinutes } from '../../src/guides/phase-clock.js';

const milestones: GuideMilestone[] = [
  { title: 'Accept', nudge: 'n1', stronger: 's1' },
  { title: 'Relay', nudge: 'n2', stronger: null },
  { title: 'Clean up', nudge: 'n3', stronger: 's3' },
];
const use = (milestone: number, tier: number): HintUse => ({
  milestone,
  tier,
  at: `t${milestone}.${tier}`,
});

describe('hint sequencing', () => {
  it("gives each milestone's nudge, then its stronger hint, then the next milestone", () => {
    expect(hintSequence(milestones).map((h) => `${h.milestone}${h.tierName[0]}:${h.text}`)).toEqual(
      ['1N:n1', '1S:s1', '2N:n2', '3N:n3', '3S:s3'],
    );
  });

  it('gives the first hint not given yet', () => {
    expect(nextHint(milestones, [])).toMatchObject({ milestone: 1, tier: 1, text: 'n1' });
    expect(nextHint(milestones, [use(1, 1)])).toMatchObject({ milestone: 1, tier: 2, text: 's1' });
    expect(nextHint(milestones, [use(1, 1), use(1, 2)])).toMatchObject({ milestone: 2, tier: 1 });
  });

  it('returns null once every hint was given', () => {
    expect(
      nextHint(milestones, [use(1, 1), use(1, 2), use(2, 1), use(3, 1), use(3, 2)]),
    ).toBeNull();
  });

  it('lists given hints in the order given, with their time, skipping ones the guide no longer has', () => {
    const given = givenHints(milestones, [use(1, 1), use(9, 1), use(1, 2)]);
    expect(given.map((h) => [h.text, h.at])).toEqual([
      ['n1', 't1.1'],
      ['s1', 't1.2'],
    ]);
  });
});

describe('phaseAt', () => {
  const phases: GuidePhase[] = [
    { name: 'Warm-up', minMinutes: 5, maxMinutes: 5 },
    { name: 'Build', minMinutes: 15, maxMinutes: 20 },
    { name: 'Wrap-up', minMinutes: 10, maxMinutes: 10 },
  ];
  const min = (m: number) => m * 60_000;

  it('puts the start of the interview in the first phase', () => {
    expect(phaseAt(phases, 0)).toMatchObject({
      index: 0,
      startMinute: 0,
      endMinute: 5,
      over: false,
    });
    expect(phaseAt(phases, 0).next?.name).toBe('Build');
  });

  it('counts a range at its upper bound', () => {
    expect(phaseAt(phases, min(5))).toMatchObject({ index: 1, startMinute: 5, endMinute: 25 });
    expect(phaseAt(phases, min(24.9))?.index).toBe(1);
    expect(phaseAt(phases, min(25))).toMatchObject({
      index: 2,
      startMinute: 25,
      endMinute: 35,
      next: null,
    });
  });

  it('says when the clock is past the last phase', () => {
    expect(phaseAt(phases, min(35))).toMatchObject({
      index: null,
      phase: null,
      over: true,
      endMinute: 35,
    });
    expect(plannedMinutes(phases)).toBe(35);
  });

  it('is never over without phases', () => {
    expect(phaseAt([], min(10))).toMatchObject({ index: null, over: false });
  });
});
