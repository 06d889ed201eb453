import { h, replaceChildren } from './dom.js';
import { type DiffLine, diffLines } from './line-diff.js';
import { type ReplayModel, runLabel } from './replay-model.js';

/** Two run pickers and the line diff of the code each run graded. */
export function renderRunDiff(model: ReplayModel): HTMLElement {
  const runs = model.runs();
  const section = h(
    'section',
    { class: 'card run-diff', attrs: { 'aria-label': 'Compare runs' } },
    h('h2', { class: 'section-title' }, 'Compare two runs'),
  );
  if (runs.length < 2) {
    section.append(
      h(
        'p',
        { class: 'muted' },
        runs.length === 0
          ? 'Nobody ran the tests in this session.'
          : 'Only one run: nothing to compare.',
      ),
    );
    return section;
  }
  const picker = (label: string, selected: number) => {
    const select = h(
      'select',
      { attrs: { 'aria-label': label } },
      ...runs.map((r, i) =>
        h('option', { attrs: { value: i, selected: i === selected } }, runLabel(r.run)),
      ),
    );
    return select;
  };
  const from = picker('Older run', runs.length - 2);
  const to = picker('Newer run', runs.length - 1);
  const out = h('div', { class: 'diff', attrs: { 'data-testid': 'run-diff' } });
  const render = () => {
    const a = runs[Number(from.value)];
    const b = runs[Number(to.value)];
    if (!a || !b) return;
    const before = model.codeAt(a.startT);
    const after = model.codeAt(b.startT);
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    replaceChildren(
      out,
      ...names.map((name) => {
        const lines = diffLines(before[name] ?? '', after[name] ?? '');
        const changed = lines.filter((l) => l.kind !== 'same').length;
        return h(
          'details',
          { class: 'diff-file', attrs: { open: changed > 0 } },
          h(
            'summary',
            null,
            `${name} · ${changed === 0 ? 'no changes' : `${changed} changed lines`}`,
          ),
          h('pre', { class: 'diff-body' }, ...renderHunks(lines)),
        );
      }),
    );
  };
  from.addEventListener('change', render);
  to.addEventListener('change', render);
  section.append(
    h('div', { class: 'diff-pickers' }, from, h('span', { class: 'muted' }, '→'), to),
    out,
  );
  render();
  return section;
}

const CONTEXT = 3;

/** Changed lines with a few lines of context; long unchanged stretches fold into one line. */
function renderHunks(lines: DiffLine[]): HTMLElement[] {
  const near = lines.map((_, i) =>
    lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== 'same'),
  );
  const out: HTMLElement[] = [];
  let skipped = 0;
  const flush = () => {
    if (skipped > 0) out.push(h('span', { class: 'diff-gap' }, `  ⋯ ${skipped} unchanged lines\n`));
    skipped = 0;
  };
  lines.forEach((l, i) => {
    if (!near[i]) {
      skipped += 1;
      return;
    }
    flush();
    const mark = l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ';
    out.push(h('span', { class: `diff-${l.kind}` }, `${mark} ${l.text}\n`));
  });
  flush();
  return out;
}
