import { normalizeHeading, parseGuide } from './parse-guide.js';

/** The `## ` sections every interviewer guide has, in this order (docs/authoring-levels.md). */
export const REQUIRED_SECTIONS = [
  'Persona',
  'Goal',
  'Phases',
  'Conceptual questions',
  'Milestone hints',
  'Edge cases',
  'Rubric',
  'Follow-up questions',
  'Red flags',
] as const;

/**
 * Lists what an interviewer guide lacks for `kit guide`, `kit hint` and `kit status` to read it:
 * missing or out-of-order sections, phases without minutes, milestones without both hint tiers,
 * a rubric without its table. An empty list means the guide is well formed.
 */
export function checkGuideFormat(markdown: string, file = 'the guide'): string[] {
  const guide = parseGuide(markdown);
  const problems: string[] = [];
  if (!guide.title) problems.push(`${file} has no \`# \` title`);
  const headings = guide.sections.map((s) => normalizeHeading(s.heading));
  const present = REQUIRED_SECTIONS.filter((name) => headings.includes(normalizeHeading(name)));
  for (const name of REQUIRED_SECTIONS) {
    if (!present.includes(name)) problems.push(`${file} has no \`## ${name}\` section`);
  }
  const found = [...present].sort(
    (a, b) => headings.indexOf(normalizeHeading(a)) - headings.indexOf(normalizeHeading(b)),
  );
  if (found.join() !== present.join()) {
    problems.push(
      `${file}: sections are out of order; expected ${present.join(', ')}; found ${found.join(', ')}`,
    );
  }
  if (headings.includes('phases') && guide.phases.length === 0) {
    problems.push(`${file}: \`## Phases\` has no \`### Phase 1: <name> (<m> min)\` heading`);
  }
  if (headings.includes('milestone hints') && guide.milestones.length === 0) {
    problems.push(`${file}: \`## Milestone hints\` has no \`### 1. <milestone>\` heading`);
  }
  guide.milestones.forEach((m, i) => {
    if (!m.nudge) problems.push(`${file}: milestone ${i + 1} "${m.title}" has no \`- Nudge:\``);
    if (!m.stronger)
      problems.push(`${file}: milestone ${i + 1} "${m.title}" has no \`- Stronger:\``);
  });
  if (headings.includes('rubric') && guide.rubric.length === 0) {
    problems.push(`${file}: \`## Rubric\` has no table (| id | criterion | points | kind | ... |)`);
  }
  return problems;
}
