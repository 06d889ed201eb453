import type { ChalkInstance } from 'chalk';

/**
 * Renders markdown inline markup for a terminal: code spans, bold, italics and links. With colour
 * the markers become styles; without, bold and italic markers are dropped and code keeps its
 * backticks so it still stands out in plain text.
 */
export function renderInline(text: string, c: ChalkInstance, color: boolean): string {
  // Code spans first, so nothing inside them is read as markup.
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return color ? c.cyan(part.slice(1, -1)) : part;
      return part
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) =>
          label === url ? url : `${label} (${color ? c.underline(url) : url})`,
        )
        .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_m, a?: string, b?: string) =>
          c.bold(a ?? b ?? ''),
        )
        .replace(
          /(^|[\s(])\*([^*\s][^*]*?)\*(?=[\s.,;:!?)]|$)/g,
          (_m, lead: string, body: string) => {
            return `${lead}${c.italic(body)}`;
          },
        )
        .replace(
          /(^|[\s(])_([^_\s][^_]*?)_(?=[\s.,;:!?)]|$)/g,
          (_m, lead: string, body: string) => {
            return `${lead}${c.italic(body)}`;
          },
        );
    })
    .join('');
}
