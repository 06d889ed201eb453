import type { ChalkInstance } from 'chalk';
import { padVisible, visibleWidth, wrapText } from './wrap-text.js';

/** Column widths that fit `available`: narrow columns keep their width, wide ones share the rest. */
function fitWidths(natural: number[], available: number): number[] {
  const widths = [...natural];
  let remaining = available;
  let open = widths.map((_, i) => i);
  // Repeatedly settle the columns narrower than a fair share of what is left.
  for (;;) {
    const share = Math.floor(remaining / Math.max(1, open.length));
    const settled = open.filter((i) => (natural[i] ?? 0) <= share);
    if (settled.length === 0) {
      for (const i of open) widths[i] = Math.max(8, share);
      return widths;
    }
    for (const i of settled) remaining -= natural[i] ?? 0;
    open = open.filter((i) => !settled.includes(i));
    if (open.length === 0) return widths;
  }
}

/**
 * Lays out a table of rendered cells in a terminal `width` wide: columns separated by `│`, the
 * header bold and underlined with `─`, long cells wrapped within their column.
 */
export function renderTable(rows: string[][], width: number, c: ChalkInstance): string[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const columns = Math.max(...rows.map((r) => r.length));
  const natural = Array.from({ length: columns }, (_, i) =>
    Math.max(1, ...rows.map((r) => visibleWidth(r[i] ?? ''))),
  );
  const widths = fitWidths(natural, Math.max(columns * 8, width - 2 - (columns - 1) * 3));
  const line = (cells: string[], style: (s: string) => string): string[] => {
    const wrapped = widths.map((w, i) => wrapText(cells[i] ?? '', w));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, row) =>
      `  ${wrapped.map((w, i) => style(padVisible(w[row] ?? '', widths[i] ?? 0))).join(c.dim(' │ '))}`.trimEnd(),
    );
  };
  const rule = `  ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`;
  return [
    ...line(header, (s) => c.bold(s)),
    c.dim(rule),
    ...body.flatMap((r) => line(r, (s) => s)),
  ];
}
