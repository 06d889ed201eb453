import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/paths.js';

// The room's Markdown renderer is browser code (web/src/markdown.ts). It only needs
// document.createElement / createTextNode, so it runs here against the small fake document below,
// which records the tree it builds and throws if anything sets innerHTML or outerHTML.

class FakeText {
  constructor(readonly data: string) {}
}

class FakeElement {
  className = '';
  hidden = false;
  readonly children: Array<FakeElement | FakeText> = [];
  readonly attributes = new Map<string, string>();

  constructor(readonly tagName: string) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  addEventListener(): void {}

  appendChild(child: FakeElement | FakeText): FakeElement | FakeText {
    this.children.push(child);
    return child;
  }

  append(...children: Array<FakeElement | FakeText | string>): void {
    for (const child of children) {
      this.appendChild(typeof child === 'string' ? new FakeText(child) : child);
    }
  }

  get textContent(): string {
    return this.children.map((c) => (c instanceof FakeText ? c.data : c.textContent)).join('');
  }

  set innerHTML(_html: string) {
    throw new Error('the renderer set innerHTML');
  }

  set outerHTML(_html: string) {
    throw new Error('the renderer set outerHTML');
  }

  /** Every element below this one, depth first. */
  all(tag: string): FakeElement[] {
    const found: FakeElement[] = [];
    for (const child of this.children) {
      if (!(child instanceof FakeElement)) continue;
      if (child.tagName === tag) found.push(child);
      found.push(...child.all(tag));
    }
    return found;
  }

  /** Every text node below this one. */
  texts(): string[] {
    return this.children.flatMap((c) => (c instanceof FakeText ? [c.data] : c.texts()));
  }
}

const fakeDocument = {
  createElement: (tag: string) => new FakeElement(tag),
  createTextNode: (data: string) => new FakeText(data),
};

// A path in a variable: the root tsconfig has no DOM types, so tsc must not follow this import.
const rendererPath = '../../web/src/markdown.ts';
let renderMarkdown: (source: string) => FakeElement;
const globals = globalThis as { document?: unknown };
const previousDocument = globals.document;

beforeAll(async () => {
  globals.document = fakeDocument;
  ({ renderMarkdown } = (await import(rendererPath)) as {
    renderMarkdown: typeof renderMarkdown;
  });
});

afterAll(() => {
  globals.document = previousDocument;
});

function cells(row: FakeElement | undefined): string[] {
  return (row?.children ?? []).map((cell) => (cell as FakeElement).textContent);
}

describe('renderMarkdown tables', () => {
  it("renders level 2's file table with a header row and one body row per module", () => {
    const readme = readFileSync(join(kitRoot, 'levels', 'level2', 'README.md'), 'utf8');
    const root = renderMarkdown(readme);
    const [table] = root.all('table');
    expect(table).toBeDefined();
    const head = table?.all('thead')[0]?.all('tr') ?? [];
    expect(head.map(cells)).toEqual([['module', 'what it holds', 'yours to change']]);
    const body = table?.all('tbody')[0]?.all('tr') ?? [];
    expect(body.map((row) => cells(row)[0])).toEqual([
      'models.ts',
      'transport.ts',
      'membership.ts',
      'clock.ts',
      'room.ts',
      'server.ts',
    ]);
    // Inline Markdown still works inside cells.
    expect(body[4]?.all('code').map((c) => c.textContent)).toEqual([
      'room.ts',
      'ChatRoom.broadcast(message)',
    ]);
    expect(body[4]?.all('strong').map((c) => c.textContent)).toEqual(['yes']);
    // No row of the table is left as raw text anywhere on the page.
    expect(root.texts().filter((text) => text.includes('| ---') || text.startsWith('|'))).toEqual(
      [],
    );
  });

  it('keeps a cell holding HTML as text: no script or img element, no innerHTML', () => {
    const root = renderMarkdown(
      [
        '| name | note |',
        '| --- | --- |',
        '| <script>alert(1)</script> | <img src=x onerror=alert(2)> |',
      ].join('\n'),
    );
    const [row] = root.all('tbody')[0]?.all('tr') ?? [];
    expect(cells(row)).toEqual(['<script>alert(1)</script>', '<img src=x onerror=alert(2)>']);
    expect(root.all('script')).toEqual([]);
    expect(root.all('img')).toEqual([]);
    expect(root.texts()).toContain('<script>alert(1)</script>');
  });

  it('gives each cell the alignment of its column', () => {
    const root = renderMarkdown('| l | c | r | n |\n| :-- | :-: | --: | --- |\n| 1 | 2 | 3 | 4 |');
    const classes = (row: FakeElement | undefined) =>
      (row?.children ?? []).map((cell) => (cell as FakeElement).className);
    const [head] = root.all('thead')[0]?.all('tr') ?? [];
    const [row] = root.all('tbody')[0]?.all('tr') ?? [];
    expect(classes(head)).toEqual(['align-left', 'align-center', 'align-right', '']);
    expect(classes(row)).toEqual(['align-left', 'align-center', 'align-right', '']);
    expect(head?.children.every((cell) => (cell as FakeElement).tagName === 'th')).toBe(true);
  });

  it('reads escaped pipes, optional outer pipes, short and long rows', () => {
    const root = renderMarkdown('a | b\n--- | ---\n`x \\| y` | z\nonly\n1 | 2 | 3');
    const rows = root.all('tbody')[0]?.all('tr') ?? [];
    expect(rows.map(cells)).toEqual([
      ['x | y', 'z'],
      ['only', ''],
      ['1', '2'],
    ]);
  });

  it('ends a table at a blank line and lets one interrupt a paragraph', () => {
    const root = renderMarkdown('Intro line\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.');
    expect(root.children.map((c) => (c as FakeElement).tagName)).toEqual(['p', 'table', 'p']);
    expect(root.all('p').map((p) => p.textContent)).toEqual(['Intro line', 'After.']);
  });

  it('leaves text with pipes but no matching delimiter row as a paragraph', () => {
    const root = renderMarkdown('a | b\nplain text\n\nc | d\n| --- |');
    expect(root.all('table')).toEqual([]);
    expect(root.all('p').map((p) => p.textContent)).toEqual(['a | b plain text', 'c | d | --- |']);
  });
});
