import { h } from './dom.js';

/**
 * Renders a small, safe subset of Markdown (headings, paragraphs, lists, code blocks, GFM tables,
 * inline code, bold, links) by building elements; text only ever lands in text nodes, never in
 * innerHTML.
 */
export function renderMarkdown(source: string): HTMLElement {
  const root = h('div', { class: 'markdown' });
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^```/.exec(line);
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i += 1; i < lines.length && !/^```/.test(lines[i] ?? ''); i += 1)
        code.push(lines[i] ?? '');
      root.append(h('pre', null, h('code', null, code.join('\n'))));
      i += 1;
    } else if (isTableStart(lines, i)) {
      i = renderTable(root, lines, i);
    } else if (heading) {
      const level = Math.min(6, (heading[1]?.length ?? 1) + 2) as 3 | 4 | 5 | 6;
      root.append(h(`h${level}`, null, ...inline(heading[2] ?? '')));
      i += 1;
    } else if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      for (; i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i] ?? ''); i += 1) {
        list.append(h('li', null, ...inline((lines[i] ?? '').replace(/^\s*([-*]|\d+\.)\s+/, ''))));
      }
      root.append(list);
    } else if (line.trim() === '') {
      i += 1;
    } else {
      const para: string[] = [];
      for (; i < lines.length && isParagraphLine(lines[i] ?? '') && !isTableStart(lines, i); i += 1)
        para.push(lines[i] ?? '');
      root.append(h('p', null, ...inline(para.join(' '))));
    }
  }
  return root;
}

function isParagraphLine(line: string): boolean {
  return line.trim() !== '' && !/^(```|#{1,4}\s|\s*([-*]|\d+\.)\s+)/.test(line);
}

type Align = 'left' | 'center' | 'right' | null;

/** A GFM table starts where a row of cells is followed by a delimiter row with as many cells. */
function isTableStart(lines: string[], i: number): boolean {
  const head = lines[i] ?? '';
  const aligns = delimiterRow(lines[i + 1] ?? '');
  return head.includes('|') && aligns !== null && aligns.length === splitRow(head).length;
}

/** Appends the table that starts at line `i`; returns the index of the first line after it. */
function renderTable(root: HTMLElement, lines: string[], i: number): number {
  const head = splitRow(lines[i] ?? '');
  const aligns = delimiterRow(lines[i + 1] ?? '') ?? [];
  const row = (tag: 'th' | 'td', cells: string[]) =>
    h(
      'tr',
      null,
      ...aligns.map((align, k) =>
        h(tag, align ? { class: `align-${align}` } : null, ...inline(cells[k] ?? '')),
      ),
    );
  const body = h('tbody');
  let next = i + 2;
  for (; next < lines.length && isTableRow(lines[next] ?? ''); next += 1) {
    body.append(row('td', splitRow(lines[next] ?? '')));
  }
  root.append(h('table', null, h('thead', null, row('th', head)), body));
  return next;
}

/** A body row goes on until a blank line or a line that starts another block. */
function isTableRow(line: string): boolean {
  return line.trim() !== '' && !/^(```|#{1,4}\s|\s*([-*]|\d+\.)\s+)/.test(line);
}

/** The alignment of each column when `line` is a delimiter row (`| :-- | :-: | --: |`), else null. */
function delimiterRow(line: string): Align[] | null {
  if (!line.includes('-')) return null;
  const cells = splitRow(line);
  if (!cells.every((cell) => /^:?-+:?$/.test(cell))) return null;
  return cells.map((cell) => {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
  });
}

/** The trimmed cells of a row: outer pipes optional, `\|` is a pipe inside a cell. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const row = line.trim();
  for (let k = 0; k < row.length; k += 1) {
    const char = row[k];
    if (char === '\\' && row[k + 1] === '|') {
      cell += '|';
      k += 1;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  // A leading or trailing pipe leaves an empty cell at that end: it is a border, not a cell.
  if (row.startsWith('|')) cells.shift();
  if (row.endsWith('|') && !row.endsWith('\\|') && cells.length > 0) cells.pop();
  return cells;
}

/** Inline code, bold and links (http and https only), as nodes. */
function inline(text: string): Node[] {
  const nodes: Node[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    if (match[1] !== undefined) nodes.push(h('code', null, match[1]));
    else if (match[2] !== undefined) nodes.push(h('strong', null, match[2]));
    else {
      const attrs = { href: match[4], target: '_blank', rel: 'noopener noreferrer' };
      nodes.push(h('a', { attrs }, ...inline(match[3] ?? '')));
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
