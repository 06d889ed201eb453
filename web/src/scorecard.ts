import type { CriterionResult, GradeReport } from '../../src/grading/types.js';
import type { RunOutcome } from '../../src/room/protocol/protocol.js';
import type { CandidateTestView, RunStopped } from '../../src/room/protocol/run-protocol.js';
import { h } from './dom.js';
import { formatDuration, formatTime } from './format.js';

const MAX_FAILURES = 30;
const MAX_ERROR_CHARS = 1200;

/**
 * A run's result as this participant may see it: the scorecard of a report (total, criteria with
 * points, failing tests, problems), a candidate's own tests, a grade withheld until the
 * interviewer shares it, or the error; with how the run was stopped, if it was.
 */
export function renderScorecard(run: RunOutcome): HTMLElement {
  const scope = run.scope === 'all' ? 'all tests' : 'visible tests';
  const meta = h(
    'p',
    { class: 'muted score-meta' },
    `Run ${run.runId} · ${scope} · by ${run.by.name} · ${formatTime(run.finishedAt)}`,
  );
  const stopped = run.stopped ? renderStopped(run.stopped, run) : false;
  const card = (...children: (HTMLElement | false)[]) =>
    h('div', { class: 'scorecard', attrs: { 'data-testid': 'scorecard' } }, stopped, ...children);
  if (run.withheld) {
    return card(
      h('p', { class: 'score-total' }, `${run.by.name} graded the code`),
      meta,
      h(
        'p',
        { class: 'muted', attrs: { 'data-testid': 'run-withheld' } },
        'This grade is the interviewer’s. It shows here if they share it with you.',
      ),
    );
  }
  if (run.tests) return card(...renderTests(run.tests, meta));
  if (!run.report) {
    return card(
      h('p', { class: 'score-total score-bad' }, 'The run could not finish'),
      meta,
      h('pre', { class: 'test-error' }, run.error ?? 'Unknown error.'),
    );
  }
  const report = run.report;
  const { earned, possible, percent, pending } = report.total;
  const tone = percent >= 80 ? 'good' : percent >= 40 ? 'mid' : 'bad';
  const failing = report.criteria.flatMap((c) =>
    c.tests.filter((t) => t.state === 'failed').map((t) => ({ criterion: c.id, test: t })),
  );
  return card(
    h(
      'p',
      { class: `score-total score-${tone}` },
      h('strong', null, `${earned} / ${possible}`),
      ` points · ${percent}%`,
      pending > 0 && h('span', { class: 'muted' }, ` · ${pending} manual points pending`),
    ),
    meta,
    report.sandbox === 'none' &&
      h(
        'p',
        { class: 'score-meta warn' },
        'Sandbox: none (the code ran unconfined on the server).',
      ),
    h(
      'table',
      { class: 'criteria' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, ''),
          h('th', null, 'Criterion'),
          h('th', { class: 'num' }, 'Points'),
        ),
      ),
      h('tbody', null, ...report.criteria.map(renderCriterion)),
    ),
    failing.length > 0 &&
      h(
        'details',
        { class: 'failures', attrs: { open: true } },
        h('summary', null, `Failing tests (${failing.length})`),
        h(
          'ul',
          null,
          ...failing
            .slice(0, MAX_FAILURES)
            .map(({ criterion, test }) =>
              h(
                'li',
                null,
                h('span', { class: 'badge' }, criterion),
                ' ',
                test.name,
                test.errors[0] &&
                  h('pre', { class: 'test-error' }, test.errors[0].slice(0, MAX_ERROR_CHARS)),
              ),
            ),
        ),
        failing.length > MAX_FAILURES &&
          h('p', { class: 'muted' }, `…and ${failing.length - MAX_FAILURES} more.`),
      ),
    renderProblems(report.problems),
    renderIntegrity(report),
  );
}

/** Why the run ended early, in one line above its result. */
function renderStopped(stopped: RunStopped, run: RunOutcome): HTMLElement {
  const after = formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  const text =
    stopped.reason === 'cancelled'
      ? `Cancelled by ${stopped.by.name} after ${after}. Tests that had not finished count as failed.`
      : `Stopped at the ${formatDuration(stopped.limitMs)} limit: a test never finished (an infinite loop, or a promise that never settles?).`;
  return h('p', { class: 'score-stopped warn', attrs: { 'data-testid': 'run-stopped' } }, text);
}

/** A candidate's own run: how many of their tests pass, the failures and the run's problems. */
function renderTests(view: CandidateTestView, meta: HTMLElement): HTMLElement[] {
  const total = view.tests.length;
  const tone = view.failed === 0 ? 'good' : view.passed > 0 ? 'mid' : 'bad';
  const failing = view.tests.filter((t) => t.state === 'failed');
  const list = failing
    .slice(0, MAX_FAILURES)
    .map((t) =>
      h(
        'li',
        null,
        t.name,
        t.errors[0] && h('pre', { class: 'test-error' }, t.errors[0].slice(0, MAX_ERROR_CHARS)),
      ),
    );
  return [
    h(
      'p',
      { class: `score-total score-${tone}` },
      h('strong', null, `${view.passed} / ${total}`),
      ' visible tests pass',
      view.skipped > 0 && h('span', { class: 'muted' }, ` · ${view.skipped} skipped`),
    ),
    meta,
    view.sandbox === 'none' &&
      h(
        'p',
        { class: 'score-meta warn' },
        'Sandbox: none (the code ran unconfined on the server).',
      ),
    failing.length > 0 &&
      h(
        'details',
        { class: 'failures', attrs: { open: true } },
        h('summary', null, `Failing tests (${failing.length})`),
        h('ul', null, ...list),
        failing.length > MAX_FAILURES &&
          h('p', { class: 'muted' }, `…and ${failing.length - MAX_FAILURES} more.`),
      ),
    renderProblems(view.problems),
  ].filter((e): e is HTMLElement => e !== false);
}

function renderCriterion(c: CriterionResult): HTMLElement {
  const passed = c.tests.filter((t) => t.state === 'passed').length;
  const detail = c.kind === 'manual' ? 'manual' : `${passed}/${c.tests.length} tests`;
  return h(
    'tr',
    { class: `criterion status-${c.status}` },
    h(
      'td',
      null,
      h(
        'span',
        { class: `status-icon status-${c.status}`, attrs: { title: c.status } },
        statusIcon(c.status),
      ),
    ),
    h(
      'td',
      null,
      h('span', { class: 'crit-id' }, c.id),
      ' ',
      c.title,
      h('span', { class: 'muted' }, ` · ${detail}`),
    ),
    h('td', { class: 'num' }, `${c.earned}/${c.points}`),
  );
}

function statusIcon(status: CriterionResult['status']): string {
  return { passed: '✓', scored: '✓', partial: '◐', failed: '✗', skipped: '–', pending: '…' }[
    status
  ];
}

/** The integrity section, for the interviewer only: a candidate's copy arrives withheld. */
function renderIntegrity(report: GradeReport): HTMLElement | false {
  const integrity = report.integrity;
  if (!integrity || integrity.withheld) return false;
  if (!integrity.tampered && integrity.flags.length === 0) return false;
  return h(
    'details',
    {
      class: 'problems integrity',
      attrs: { open: integrity.tampered, 'data-testid': 'integrity' },
    },
    h(
      'summary',
      null,
      integrity.tampered
        ? 'TAMPERED: results the kit could not trust score 0'
        : `Integrity flags (${integrity.flags.length}, advisory)`,
    ),
    h(
      'ul',
      null,
      ...integrity.findings.map((f) =>
        h('li', null, h('span', { class: 'badge badge-warn' }, f.kind), ' ', f.message),
      ),
      ...integrity.flags.map((f) =>
        h('li', null, h('span', { class: 'badge' }, f.rule), ` ${f.file}:${f.line} ${f.message}`),
      ),
    ),
  );
}

/** The run's problems (kind, file, message), folded; nothing when there are none. */
function renderProblems(problems: CandidateTestView['problems']): HTMLElement | false {
  if (problems.length === 0) return false;
  return h(
    'details',
    { class: 'problems' },
    h('summary', null, `Problems (${problems.length})`),
    h(
      'ul',
      null,
      ...problems.map((p) =>
        h(
          'li',
          null,
          h('span', { class: 'badge badge-warn' }, p.kind),
          ' ',
          p.file ?? '',
          h('pre', { class: 'test-error' }, p.message.slice(0, MAX_ERROR_CHARS)),
        ),
      ),
    ),
  );
}
