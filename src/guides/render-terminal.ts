import { Chalk, type ChalkInstance } from 'chalk';
import { isSeparatorRow, splitRow } from './parse-guide.js';
import { renderInline } from './render-inline.js';
import { renderTable } from './render-table.js';
import { wrapText } from './wrap-text.js';

/** Options for rendering markdown in a terminal. */
export interface RenderMarkdownOptions {
  color?: boolean;
  /** Line width; defaults to 100. */
  width?: number;
}

const FENCE = /^\s*(```|~~~)/;
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const LABEL = /^(\*\*?|_)[^*_]+(\*\*?|_)\s*:/;

function isBlockStart(line: string): boolean {
  return (
    FENCE.test(line) ||
    /^#{1,6}\s/.test(line) ||
    LIST_ITEM.test(line) ||
    /^\s*\|/.test(line) ||
    /^\s*>/.test(line) ||
    /^\s*([-*_])(\s*\1){2,}\s*$/.test(line)
  );
}

function endsParagraph(line: string): boolean {
  return line.trim() === '' || isBlockStart(line) || LABEL.test(line.trim());
}

function renderHeading(level: number, text: string, c: ChalkInstance, color: boolean): string[] {
  if (level === 1) {
    return color ? [c.bold.underline(text), ''] : [text, '='.repeat(text.length), ''];
  }
  if (level === 2) return color ? ['', c.bold.blue(text)] : ['', text, '-'.repeat(text.length)];
  return ['', color ? c.bold(text) : text];
}

/**
 * Renders markdown for reading in a terminal: headings, paragraphs reflowed to the width, lists
 * with hanging indents, fenced code kept as is, tables laid out in columns and quotes. Without
 * colour the output is plain text (headings underlined with `=` and `-`).
 */
export function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): string {
  const color = options.color ?? false;
  const width = options.width ?? 100;
  const c = new Chalk({ level: color ? 1 : 0 });
  const inline = (text: string) => renderInline(text, c, color);
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (FENCE.test(line)) {
      i++;
      while (i < lines.length && !FENCE.test(lines[i] ?? '')) {
        out.push(`    ${color ? c.cyan(lines[i]) : lines[i]}`.trimEnd());
        i++;
      }
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (heading) {
      out.push(...renderHeading(heading[1]?.length ?? 1, inline(heading[2] ?? ''), c, color));
      i++;
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i] ?? '')) {
        const row = lines[i] ?? '';
        if (!isSeparatorRow(row)) rows.push(splitRow(row).map(inline));
        i++;
      }
      out.push(...renderTable(rows, width, c));
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push(c.dim('─'.repeat(Math.min(width, 40))));
      i++;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const depth = Math.floor((item[1]?.length ?? 0) / 2);
      const marker = /\d/.test(item[2] ?? '') ? (item[2] ?? '') : '•';
      const parts = [item[3] ?? ''];
      i++;
      // Indented lines that are not items continue this item; a `*Label*:` line starts a new line.
      while (i < lines.length && /^\s+\S/.test(lines[i] ?? '') && !LIST_ITEM.test(lines[i] ?? '')) {
        const next = (lines[i] ?? '').trim();
        if (LABEL.test(next)) parts.push(next);
        else parts[parts.length - 1] += ` ${next}`;
        i++;
      }
      const indent = '  '.repeat(depth + 1);
      const hang = ' '.repeat(marker.length + 1);
      const wrapped = parts.flatMap((p) =>
        wrapText(inline(p), width - indent.length - hang.length),
      );
      out.push(
        ...wrapped.map(
          (l, n) => `${indent}${n === 0 ? `${color ? c.dim(marker) : marker} ` : hang}${l}`,
        ),
      );
      continue;
    }
    if (/^\s*>/.test(line)) {
      let text = '';
      while (i < lines.length && /^\s*>/.test(lines[i] ?? '')) {
        text += ` ${(lines[i] ?? '').replace(/^\s*>\s?/, '')}`;
        i++;
      }
      out.push(...wrapText(inline(text.trim()), width - 4).map((l) => `${c.dim('  │ ')}${l}`));
      continue;
    }
    if (line.trim() === '') {
      if (out.length > 0 && out.at(-1) !== '') out.push('');
      i++;
      continue;
    }
    let text = line.trim();
    i++;
    while (i < lines.length && !endsParagraph(lines[i] ?? '')) {
      text += ` ${(lines[i] ?? '').trim()}`;
      i++;
    }
    out.push(...wrapText(inline(text), width));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\s+$/g, '');
}
