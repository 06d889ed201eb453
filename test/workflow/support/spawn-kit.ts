import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { kitBin, kitRoot } from '../../support/run-kit.js';

/** A running `kit` the test talks to line by line, as a user at a pipe would. */
export interface InteractiveKit {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout contains `text`; fails after `timeoutMs` saying what it awaited. */
  waitFor: (text: string, timeoutMs?: number) => Promise<void>;
  /** Writes raw input: a line and `\n` for a pipe, keys and `\r` for a terminal. */
  send: (keys: string) => void;
  exit: Promise<number | null>;
}

/** Whether util-linux `script` is there to give the CLI a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/**
 * Starts the built CLI, colour off, with piped stdin, or with `tty: true` inside a pseudo-terminal
 * made by `script` (keys then arrive as a terminal sends them: Enter is `\r`, Ctrl-C is `\x03`).
 */
export function spawnKit(
  args: string[],
  options: { cwd?: string; tty?: boolean } = {},
): InteractiveKit {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  const command = [process.execPath, kitBin, ...args];
  const child = options.tty
    ? spawn('script', ['-qefc', command.map(quote).join(' '), '/dev/null'], {
        cwd: options.cwd ?? kitRoot,
        env,
      })
    : spawn(process.execPath, command.slice(1), { cwd: options.cwd ?? kitRoot, env });
  let out = '';
  let err = '';
  const waiters: { text: string; done: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of [...waiters]) {
      if (out.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (text, timeoutMs = 15_000) =>
      new Promise((done, fail) => {
        if (out.includes(text)) return done();
        const timer = setTimeout(
          () =>
            fail(
              new Error(
                `waited ${timeoutMs} ms for "${text}"; stdout so far:\n${out}\nstderr:\n${err}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          text,
          done: () => {
            clearTimeout(timer);
            done();
          },
        });
      }),
    send: (keys) => child.stdin.write(keys),
    exit,
  };
}
