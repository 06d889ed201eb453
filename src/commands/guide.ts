import { KitError } from '../errors.js';
import { listGuides, readGuideFile } from '../guides/load-guide.js';
import { normalizeHeading, splitSections } from '../guides/parse-guide.js';

/** Options of `kit guide`. */
export interface GuideOptions {
  /** Level id, slug or `study`; absent lists the guides. */
  name?: string;
  /** Show only the `## ` sections whose heading contains this, e.g. `rubric` or `hints`. */
  section?: string;
}

/** What `kit guide` shows: one guide's markdown, or the list of guides. */
export type GuideResult =
  | { kind: 'guide'; name: string; path: string; markdown: string }
  | { kind: 'list'; guides: ReturnType<typeof listGuides> };

function pickSections(markdown: string, name: string, wanted: string): string {
  const { title, sections } = splitSections(markdown);
  const key = normalizeHeading(wanted);
  const chosen = sections.filter((s) => normalizeHeading(s.heading).includes(key));
  if (chosen.length === 0) {
    const known = sections.map((s) => normalizeHeading(s.heading)).join(', ');
    throw new KitError(
      'KIT_BAD_OPTION',
      `The ${name} guide has no section matching "${wanted}"; its sections are: ${known}. Run \`kit guide ${name}\` to read it all.`,
    );
  }
  const body = chosen.map((s) => [`## ${s.heading}`, ...s.lines].join('\n')).join('\n');
  return `# ${title}\n\n${body}`;
}

/** `kit guide [name]`: reads an interviewer guide or the study guide (or lists them). */
export async function showGuide(options: GuideOptions = {}): Promise<GuideResult> {
  if (!options.name) return { kind: 'list', guides: listGuides() };
  const file = await readGuideFile(options.name);
  const markdown = options.section
    ? pickSections(file.markdown, file.name, options.section)
    : file.markdown;
  return { kind: 'guide', name: file.name, path: file.path, markdown };
}
