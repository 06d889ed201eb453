import { h } from './dom.js';

/**
 * Renders a small, safe subset of Markdown (headings, paragraphs, lists, code blocks, inline code,
 * bold) by building elements; text only ever lands in text nodes, never in innerHTML.
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
      for (; i < lines.length && isParagraphLine(lines[i] ?? ''); i += 1) para.push(lines[i] ?? '');
      root.append(h('p', null, ...inline(para.join(' '))));
    }
  }
  return root;
}

function isParagraphLine(line: string): boolean {
  return line.trim() !== '' && !/^(```|#{1,4}\s|\s*([-*]|\d+\.)\s+)/.test(line);
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
