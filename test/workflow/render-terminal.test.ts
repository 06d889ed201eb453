import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/guides/render-terminal.js';

const fixture = () => readFile(join(import.meta.dirname, '../fixtures/guides/sample.md'), 'utf8');

describe('renderMarkdown', () => {
  it('writes plain text without colour: underlined headings, bullets, code kept, no markup left', async () => {
    const text = renderMarkdown(await fixture(), { color: false, width: 80 });
    expect(text).toBe(stripVTControlCharacters(text));
    expect(text).toMatch(/^Level 9: A sample guide\n={23}\n/);
    expect(text).toContain('Persona\n-------');
    expect(text).toContain('    # still code, not a heading');
    expect(text).toContain('  • Nudge: Where do you keep a socket when it connects?');
    expect(text).toContain(
      '  1. Why a `Set` of clients?\n     Look for: O(1) add and delete, no duplicates.',
    );
    expect(text).not.toContain('**');
  });

  it('lays tables out in columns, wrapping long cells within the width', () => {
    const md = `| id | what to look for |\n| --- | --- |\n| R1 | ${'word '.repeat(30).trim()} |`;
    const lines = renderMarkdown(md, { width: 40 }).split('\n');
    expect(lines[0]).toMatch(/^ {2}id +│ what to look for$/);
    expect(lines[1]).toMatch(/^ {2}─+┼─+$/);
    expect(lines.slice(2).every((l) => l.length <= 40)).toBe(true);
    expect(lines[2]).toMatch(/^ {2}R1 +│ word word/);
    expect(lines[3]).toMatch(/^ {2} {2} +│ word/);
  });

  it('reflows paragraphs to the width', () => {
    const text = renderMarkdown(`${'alpha '.repeat(40)}\nomega`, { width: 50 });
    expect(text.split('\n').every((l) => l.length <= 50)).toBe(true);
    expect(text.endsWith('omega')).toBe(true);
  });

  it('styles headings, code and bold with colour on', () => {
    const text = renderMarkdown('## Rubric\n\nUse **bold** and `code`.', { color: true });
    expect(text).not.toBe(stripVTControlCharacters(text));
    expect(stripVTControlCharacters(text)).toBe('Rubric\n\nUse bold and code.');
  });
});
