/** One `## ` section of a guide: its heading and the lines under it, up to the next `## `. */
export interface GuideSection {
  heading: string;
  lines: string[];
}

/** One phase of an interview, from `### Phase 1: Warm-up (5 min)` or `(15-20 min)`. */
export interface GuidePhase {
  name: string;
  minMinutes: number;
  maxMinutes: number;
}

/** One milestone of `## Milestone hints`, with its two hint tiers. */
export interface GuideMilestone {
  title: string;
  nudge: string | null;
  stronger: string | null;
}

/** One row of the `## Rubric` table. */
export interface GuideRubricRow {
  id: string;
  cells: Record<string, string>;
  /** The row's "what to look for" cell, when the table has that column. */
  lookFor: string | null;
}

/** A parsed guide: what `kit guide`, `kit hint`, `kit status` and `kit grade` read from it. */
export interface Guide {
  title: string;
  sections: GuideSection[];
  phases: GuidePhase[];
  milestones: GuideMilestone[];
  rubric: GuideRubricRow[];
}

const FENCE = /^\s*(```|~~~)/;
const PHASE =
  /^(?:phase\s+\d+\s*[:.–-]\s*)?(.+?)\s*\((\d+)(?:\s*[-–]\s*(\d+))?\s*min(?:utes?)?\)\s*$/i;
const MILESTONE = /^\d+[.)]\s*(.+)$/;
const TIER = /^[-*+]\s+(?:\*\*|\*|_)?(nudge|stronger)(?:\*\*|\*|_)?\s*:\s*(?:\*\*|\*|_)?\s*(.*)$/i;

/** Splits markdown into `## ` sections, ignoring `#` lines inside fenced code. */
export function splitSections(markdown: string): { title: string; sections: GuideSection[] } {
  let title = '';
  let inFence = false;
  const sections: GuideSection[] = [];
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    const h1 = !inFence && /^#\s+(.+?)\s*#*$/.exec(line);
    const h2 = !inFence && /^##\s+(.+?)\s*#*$/.exec(line);
    if (h1 && !title) title = h1[1] ?? '';
    else if (h2) sections.push({ heading: h2[1] ?? '', lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  return { title, sections };
}

/** Finds a section by heading, case-insensitively, ignoring trailing punctuation. */
export function findSection(sections: GuideSection[], heading: string): GuideSection | undefined {
  const key = normalizeHeading(heading);
  return sections.find((s) => normalizeHeading(s.heading) === key);
}

/** A heading reduced for comparison: lower case, no markup, no trailing colon. */
export function normalizeHeading(heading: string): string {
  return heading
    .replace(/[*_`]/g, '')
    .replace(/[:\s]+$/, '')
    .trim()
    .toLowerCase();
}

/** The `### ` subsections of a section, each with the lines under it. */
function subsections(section: GuideSection | undefined): GuideSection[] {
  const out: GuideSection[] = [];
  let inFence = false;
  for (const line of section?.lines ?? []) {
    if (FENCE.test(line)) inFence = !inFence;
    const h3 = !inFence && /^###\s+(.+?)\s*#*$/.exec(line);
    if (h3) out.push({ heading: h3[1] ?? '', lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

function parsePhases(section: GuideSection | undefined): GuidePhase[] {
  const phases: GuidePhase[] = [];
  for (const sub of subsections(section)) {
    const match = PHASE.exec(sub.heading.replace(/[*_]/g, ''));
    if (!match) continue;
    const min = Number(match[2]);
    const max = match[3] === undefined ? min : Number(match[3]);
    phases.push({ name: match[1] ?? sub.heading, minMinutes: min, maxMinutes: Math.max(min, max) });
  }
  return phases;
}

/** Reads `- Nudge: ...` and `- Stronger: ...` items, each possibly continued on indented lines. */
function parseTiers(lines: string[]): Pick<GuideMilestone, 'nudge' | 'stronger'> {
  const tiers: Pick<GuideMilestone, 'nudge' | 'stronger'> = { nudge: null, stronger: null };
  let current: 'nudge' | 'stronger' | null = null;
  for (const line of lines) {
    const match = TIER.exec(line.trim());
    if (match) {
      current = (match[1] ?? '').toLowerCase() === 'nudge' ? 'nudge' : 'stronger';
      tiers[current] = (match[2] ?? '').trim();
    } else if (current && /^\s+\S/.test(line) && !/^\s*[-*+]\s/.test(line)) {
      tiers[current] = `${tiers[current] ?? ''} ${line.trim()}`.trim();
    } else {
      current = null;
    }
  }
  return tiers;
}

function parseMilestones(section: GuideSection | undefined): GuideMilestone[] {
  return subsections(section).map((sub) => {
    const heading = sub.heading.replace(/[*_]/g, '');
    const title = MILESTONE.exec(heading)?.[1] ?? heading;
    return { title: title.trim(), ...parseTiers(sub.lines) };
  });
}

/** Splits one markdown table row into trimmed cells. */
export function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Whether a line is a table's `| --- | :---: |` separator. */
export function isSeparatorRow(line: string): boolean {
  return /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);
}

function parseRubric(section: GuideSection | undefined): GuideRubricRow[] {
  const lines = (section?.lines ?? []).filter((l) => l.trim().startsWith('|'));
  const [header, separator, ...body] = lines;
  if (!header || !separator || !isSeparatorRow(separator)) return [];
  const names = splitRow(header).map((h) => h.toLowerCase());
  const lookIndex = names.findIndex((n) => n.includes('look'));
  return body.map((line) => {
    const cells = splitRow(line);
    const byName: Record<string, string> = {};
    names.forEach((name, i) => {
      byName[name] = cells[i] ?? '';
    });
    const id = (cells[0] ?? '').replace(/[*_`]/g, '');
    const lookFor = lookIndex >= 0 ? (cells[lookIndex] ?? '') || null : null;
    return { id, cells: byName, lookFor };
  });
}

/** Parses an interviewer guide written in the format of docs/authoring-levels.md. */
export function parseGuide(markdown: string): Guide {
  const { title, sections } = splitSections(markdown);
  return {
    title,
    sections,
    phases: parsePhases(findSection(sections, 'Phases')),
    milestones: parseMilestones(findSection(sections, 'Milestone hints')),
    rubric: parseRubric(findSection(sections, 'Rubric')),
  };
}
