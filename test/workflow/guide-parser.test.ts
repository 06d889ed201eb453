import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGuideFormat, REQUIRED_SECTIONS } from '../../src/guides/check-guide.js';
import { parseGuide } from '../../src/guides/parse-guide.js';

const fixture = () => readFile(join(import.meta.dirname, '../fixtures/guides/sample.md'), 'utf8');

describe('parseGuide', () => {
  it('reads the title and every second-level section in order', async () => {
    const guide = parseGuide(await fixture());
    expect(guide.title).toBe('Level 9: A sample guide');
    expect(guide.sections.map((s) => s.heading)).toEqual([...REQUIRED_SECTIONS]);
  });

  it('reads phases with single minutes and ranges, ignoring # lines inside code', async () => {
    const guide = parseGuide(await fixture());
    expect(guide.phases).toEqual([
      { name: 'Warm-up', minMinutes: 5, maxMinutes: 5 },
      { name: 'Implementation', minMinutes: 15, maxMinutes: 20 },
      { name: 'Wrap-up', minMinutes: 10, maxMinutes: 10 },
    ]);
  });

  it('reads each milestone with its nudge and stronger hint, continuation lines and bold labels included', async () => {
    const guide = parseGuide(await fixture());
    expect(guide.milestones).toEqual([
      {
        title: 'Accept connections',
        nudge: 'Where do you keep a socket when it connects?',
        stronger: "Add it to a `Set` on `'connection'`.",
      },
      {
        title: 'Clean up',
        nudge: 'What happens when a tab closes?',
        stronger: "Delete the socket in the `'close'` listener.",
      },
    ]);
  });

  it('reads the rubric table by id, with the "what to look for" column and escaped pipes', async () => {
    const guide = parseGuide(await fixture());
    expect(guide.rubric.map((r) => [r.id, r.lookFor])).toEqual([
      ['R1', 'The message comes back | unchanged'],
      ['R2', 'Names the trade-offs'],
    ]);
    expect(guide.rubric[1]?.cells.kind).toBe('manual');
  });
});

describe('checkGuideFormat', () => {
  it('accepts a guide with every section, phase minutes, both hint tiers and a rubric table', async () => {
    expect(checkGuideFormat(await fixture(), 'sample.md')).toEqual([]);
  });

  it('names each missing section', async () => {
    const text = (await fixture())
      .replace('## Red flags', '## Warnings')
      .replace('## Persona', '## Who');
    expect(checkGuideFormat(text, 'sample.md')).toEqual([
      'sample.md has no `## Persona` section',
      'sample.md has no `## Red flags` section',
    ]);
  });

  it('names a section out of order', async () => {
    const text = (await fixture())
      .replace('## Goal', '## Goal2')
      .replace('## Edge cases', '## Goal\n\n## Edge cases');
    expect(checkGuideFormat(text, 'g.md')).toEqual([
      'g.md: sections are out of order; expected Persona, Goal, Phases, Conceptual questions, Milestone hints, Edge cases, Rubric, Follow-up questions, Red flags; found Persona, Phases, Conceptual questions, Milestone hints, Goal, Edge cases, Rubric, Follow-up questions, Red flags',
    ]);
  });

  it('names phases without minutes, a milestone without a stronger hint and a rubric without a table', async () => {
    const text = (await fixture())
      .replace(/\(\d+(-\d+)? min\)/g, '')
      .replace("- **Stronger**: Delete the socket in the `'close'` listener.", '')
      .replace(/^\|.*$/gm, '');
    expect(checkGuideFormat(text, 'g.md')).toEqual([
      'g.md: `## Phases` has no `### Phase 1: <name> (<m> min)` heading',
      'g.md: milestone 2 "Clean up" has no `- Stronger:`',
      'g.md: `## Rubric` has no table (| id | criterion | points | kind | ... |)',
    ]);
  });
});
