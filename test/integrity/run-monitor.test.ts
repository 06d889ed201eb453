import { describe, expect, it } from 'vitest';
import {
  type ChildMessage,
  encodeEnvelope,
  type RawTest,
} from '../../src/grading/child-protocol.js';
import { childConfig, createRunMonitor, type RunPlan } from '../../src/grading/run-graders.js';
import { kitRoot } from '../../src/paths.js';

// The parent's checks on what a grading child tells it, fed by hand: each kind of lie a child
// could tell ends as a finding that names it, and an honest stream ends with none.

const FILE = `${kitRoot}/graders/level2/toy.test.ts`;
const REL = 'graders/level2/toy.test.ts';

function makePlan(): RunPlan {
  return {
    files: [FILE],
    declared: new Map([
      [
        FILE,
        [
          { title: '[R1] adds', criterion: 'R1' },
          { title: '[R2] adds negatives', criterion: 'R2' },
        ],
      ],
    ]),
    canaries: new Map([
      [
        FILE,
        [
          { name: '[R1] keeps 3 frames in send order', check: 'expect', at: 'head' },
          { name: '[R2] drops 7 rooms under a burst', check: 'throw', at: 'tail' },
        ],
      ],
    ]),
    token: 'secret-token',
  };
}

const test = (name: string, state: RawTest['state']): RawTest => ({
  name,
  fullName: name,
  state,
  errors: state === 'failed' ? ['boom'] : [],
  durationMs: 1,
});

const honestTests = (): RawTest[] => [
  test('[R1] keeps 3 frames in send order', 'failed'),
  test('[R1] adds', 'passed'),
  test('[R2] adds negatives', 'passed'),
  test('[R2] drops 7 rooms under a burst', 'failed'),
];

function monitorWith(messages: ChildMessage[], plan = makePlan()) {
  const monitor = createRunMonitor(
    plan,
    childConfig(plan, { files: plan.files, implDir: '/x', timeoutMs: 1000 }),
  );
  const lines = messages.map((message, seq) => encodeEnvelope({ token: plan.token, seq, message }));
  monitor.feed(Buffer.from(lines.join('')));
  return monitor;
}

const module = (tests: RawTest[], loadErrors: string[] = []): ChildMessage => ({
  type: 'module',
  file: FILE,
  loadErrors,
  tests,
});
const end: ChildMessage = { type: 'end', unhandledErrors: [] };
const cleanExit = { code: 0, signal: null, stoppedByKit: false } as const;

describe('createRunMonitor', () => {
  it('trusts an honest stream and hands back the file without its canaries', () => {
    const run = monitorWith([module(honestTests()), end]).exited(cleanExit);
    expect(run.tamper).toEqual([]);
    expect(run.finished).toBe(true);
    expect(run.modules.get(FILE)?.tests.map((t) => t.name)).toEqual([
      '[R1] adds',
      '[R2] adds negatives',
    ]);
  });

  it('reads a stream cut anywhere, byte by byte', () => {
    const plan = makePlan();
    const monitor = createRunMonitor(
      plan,
      childConfig(plan, { files: plan.files, implDir: '/x', timeoutMs: 1000 }),
    );
    const bytes = Buffer.from(
      [module(honestTests()), end]
        .map((message, seq) => encodeEnvelope({ token: plan.token, seq, message }))
        .join(''),
    );
    for (let i = 0; i < bytes.length; i++) monitor.feed(bytes.subarray(i, i + 1));
    expect(monitor.exited(cleanExit).tamper).toEqual([]);
  });

  it('calls a line without the run’s token forged, and every file untrusted', () => {
    const monitor = monitorWith([]);
    const forged = { token: 'guessed', seq: 0, message: module(honestTests()) };
    monitor.feed(Buffer.from(`${JSON.stringify(forged)}\n`));
    const run = monitor.exited({ code: null, signal: 'SIGKILL', stoppedByKit: false });
    expect(run.tamper.map((t) => [t.kind, t.files])).toEqual([['forged-message', [REL]]]);
    expect(run.tamper[0]?.message).toContain('without this run’s secret token');
    expect(run.modules.size).toBe(0);
  });

  it('calls bytes that are not JSON forged, without throwing', () => {
    const monitor = monitorWith([module(honestTests())]);
    monitor.feed(Buffer.from('{"type":"module","fi\u0000\n'));
    expect(monitor.exited(cleanExit).tamper.map((t) => t.kind)).toContain('forged-message');
  });

  it('calls a replayed line forged: it is out of sequence', () => {
    const plan = makePlan();
    const monitor = monitorWith([module(honestTests())], plan);
    monitor.feed(Buffer.from(encodeEnvelope({ token: plan.token, seq: 0, message: end })));
    expect(monitor.exited(cleanExit).tamper[0]?.message).toContain('message 0 where 1 was due');
  });

  it('names a canary that came back passed', () => {
    const tests = honestTests().map((t) =>
      t.name.includes('burst') ? { ...t, state: 'passed' as const, errors: [] } : t,
    );
    const run = monitorWith([module(tests), end]).exited(cleanExit);
    expect(run.tamper.map((t) => t.kind)).toEqual(['canary-passed']);
    expect(run.tamper[0]?.message).toContain('"[R2] drops 7 rooms under a burst"');
    expect(run.tamper[0]?.files).toEqual([REL]);
  });

  it('names a test the file does not declare, and declared tests or canaries that never came', () => {
    const tests = [test('[R1] adds', 'passed'), test('[R9] invented', 'passed')];
    const run = monitorWith([module(tests), end]).exited(cleanExit);
    expect(run.tamper.map((t) => t.kind)).toEqual([
      'unknown-test',
      'missing-test',
      'canary-missing',
    ]);
    expect(run.tamper[0]?.message).toContain('"[R9] invented"');
    expect(run.tamper[1]?.message).toContain('"[R2] adds negatives"');
  });

  it('does not call a file that failed to load tampered for the tests it could not run', () => {
    const run = monitorWith([module([], ['SyntaxError: nope']), end]).exited(cleanExit);
    expect(run.tamper).toEqual([]);
  });

  it('calls results for a file the run never ran, or twice for one file, tampered', () => {
    const other: ChildMessage = {
      ...module(honestTests()),
      file: '/elsewhere.test.ts',
    } as ChildMessage;
    const run = monitorWith([module(honestTests()), module(honestTests()), other, end]).exited(
      cleanExit,
    );
    expect(run.tamper.map((t) => t.kind)).toEqual(['duplicate-file', 'unknown-file']);
  });

  it('calls a child that reported its end and then died tampered', () => {
    const run = monitorWith([module(honestTests()), end]).exited({
      code: 137,
      signal: null,
      stoppedByKit: false,
    });
    expect(run.tamper.map((t) => t.kind)).toEqual(['died-after-end']);
  });

  it('calls a child killed by a signal the kit did not send tampered, but not one the kit stopped', () => {
    const killed = monitorWith([module(honestTests())]).exited({
      code: null,
      signal: 'SIGKILL',
      stoppedByKit: false,
    });
    expect(killed.tamper.map((t) => t.kind)).toEqual(['killed-from-inside']);
    const stopped = monitorWith([module(honestTests())]).exited({
      code: null,
      signal: 'SIGKILL',
      stoppedByKit: true,
    });
    expect(stopped.tamper).toEqual([]);
    const crashed = monitorWith([module(honestTests())]).exited({
      code: null,
      signal: 'SIGABRT',
      stoppedByKit: false,
    });
    expect(crashed.tamper).toEqual([]);
  });
});
