import { Chalk } from 'chalk';
import type { HintListResult, HintResult } from '../attempt/hint-result.js';
import type { StatusResult } from '../attempt/status-result.js';
import { wrapText } from '../guides/wrap-text.js';
import { formatDuration, formatPoints } from './format.js';

const label = (text: string) => text.padEnd(8);

function phaseLine(status: StatusResult): string {
  const { phase, phases } = status;
  if (!phases) return `no guide for ${status.level.id} yet`;
  if (!phase || phases.length === 0) return 'the guide lists no phases';
  if (phase.index === null)
    return `past the planned phases (they end at minute ${phase.endMinute})`;
  const next = phase.next ? ` · next: ${phase.next.name}` : ' · the last phase';
  return `${phase.index + 1} of ${phases.length}: ${phase.phase?.name} (minutes ${phase.startMinute}-${phase.endMinute})${next}`;
}

/** Renders `kit status` for the terminal. */
export function renderStatus(status: StatusResult, options: { color?: boolean } = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  // Time left rounds up, so elapsed and left add up to the budget as a reader expects.
  const left = status.budgetMs - status.elapsedMs;
  const leftText =
    left >= 60_000 ? formatDuration(Math.ceil(left / 60_000) * 60_000) : formatDuration(left);
  const clock =
    left >= 0
      ? `${formatDuration(status.elapsedMs)} of ${status.level.minutes} min · ${leftText} left`
      : c.red(
          `${formatDuration(status.elapsedMs)} of ${status.level.minutes} min · ${formatDuration(-left)} over budget`,
        );
  const hints =
    status.hints.total === null
      ? `${status.hints.used} used`
      : `${status.hints.used} of ${status.hints.total} used`;
  const lines = [
    c.bold(status.level.title) + c.dim(` · ${status.level.id} (${status.level.slug})`),
    c.dim(`Attempt ${status.dir}`),
    '',
    `${c.bold(label('Clock'))}${clock}`,
    `${c.bold(label('Phase'))}${phaseLine(status)}`,
    `${c.bold(label('Hints'))}${hints}`,
  ];
  const { tests } = status;
  if (tests) {
    const paint = tests.failed === 0 && tests.problems.length === 0 ? c.green : c.yellow;
    const ran = tests.passed + tests.failed;
    const skipped = tests.skipped ? c.dim(` (${tests.skipped} skipped)`) : '';
    lines.push(
      `${c.bold(label('Tests'))}${paint(`${tests.passed}/${ran} visible tests passing`)}${skipped}`,
    );
    const per = tests.criteria.map((k) => `${k.id} ${k.passed}/${k.total}`).join(' · ');
    if (per) lines.push(`${label('')}${c.dim(per)}`);
    for (const p of tests.problems) lines.push(`${label('')}${c.red(p)}`);
    if (tests.sandbox === 'none')
      lines.push(`${label('')}${c.yellow('sandbox: none (ran unconfined)')}`);
  } else {
    lines.push(`${c.bold(label('Tests'))}${c.dim('not run (--no-tests)')}`);
  }
  if (status.editedTests.length > 0) {
    lines.push(
      `${c.bold(label('Edited'))}${c.yellow(`${status.editedTests.join(', ')} (grading uses the kit's copies)`)}`,
    );
  }
  return lines.join('\n');
}

function cost(hintCost: number): string {
  return hintCost > 0
    ? `each hint costs ${formatPoints(hintCost)} point${hintCost === 1 ? '' : 's'}`
    : 'hints cost no points';
}

/** Renders the hint `kit hint` just gave, or that none is left. */
export function renderHint(result: HintResult, options: { color?: boolean } = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  if (!result.hint) {
    return c.yellow(
      `All ${result.total} hints of ${result.level} have been given. \`kit hint --list\` shows them again.`,
    );
  }
  const h = result.hint;
  return [
    c.bold(`Hint ${result.used} of ${result.total}`) +
      c.dim(` · milestone ${h.milestone}: ${h.milestoneTitle} · ${h.tierName}`),
    '',
    ...wrapText(h.text, 96).map((l) => `  ${l}`),
    '',
    c.dim(
      `${result.total - result.used} left · ${cost(result.hintCost)} · \`kit hint --list\` shows those given`,
    ),
  ].join('\n');
}

/** Renders `kit hint --list`. */
export function renderHintList(result: HintListResult, options: { color?: boolean } = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  if (result.given.length === 0)
    return `No hints given yet (${result.total} available). Run \`kit hint\` for the first.`;
  const lines = [
    c.bold(`${result.given.length} of ${result.total} hints given`) +
      c.dim(` · ${cost(result.hintCost)}`),
  ];
  for (const [i, h] of result.given.entries()) {
    lines.push(
      '',
      `${c.bold(`${i + 1}.`)} milestone ${h.milestone}: ${h.milestoneTitle} · ${h.tierName} ${c.dim(`(${h.at})`)}`,
      ...wrapText(h.text, 96).map((l) => `   ${l}`),
    );
  }
  return lines.join('\n');
}
