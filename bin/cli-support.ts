import chalk from 'chalk';
import { InvalidArgumentError } from 'commander';
import { isKitError } from '../src/errors.js';

// What every command's wiring shares: colour, output, the exit-code contract, option parsers.

// NO_COLOR (https://no-color.org) turns colour off like a pipe does; chalk alone does not read it.
if (process.env.NO_COLOR) chalk.level = 0;
/** Whether output is coloured (a TTY, and NO_COLOR unset). */
export const color = chalk.level > 0;
/** Writes one line to stdout. */
export const out = (text: string) => process.stdout.write(`${text}\n`);
// A reader that stops early (`kit guide level2 | head`) closes the pipe: that ends the output, as
// for any Unix tool, and is not a failure of the kit (which would crash on the unhandled EPIPE).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

/** Exit codes: 0 ran, 1 --min-score missed or tests failed, 2 user-fixable error, 3 kit bug. */
export async function run(action: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await action()) ?? 0;
  } catch (error) {
    if (isKitError(error)) {
      process.stderr.write(`${chalk.red(error.message)}\n`);
      // A kit that fails its own check is the kit failing, not the user: 3, like a bug.
      process.exitCode = error.code === 'KIT_SELF_CHECK_FAILED' ? 3 : 2;
    } else {
      process.stderr.write(`${chalk.red('interview-kit failed; this is a bug in the kit:')}\n`);
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 3;
    }
  }
}

/** An option parser for a number within bounds; anything else is a usage error. */
export function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
