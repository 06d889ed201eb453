#!/usr/bin/env node
import chalk from 'chalk';
import { Command, InvalidArgumentError } from 'commander';
import { isKitError } from '../src/errors.js';
import { kitVersion } from '../src/paths.js';

// Wiring only: parse arguments, call a command, print its result, set the exit code.
// Commands are imported lazily so `kit --help` never loads the grading engine.

const color = chalk.level > 0;
const out = (text: string) => process.stdout.write(`${text}\n`);

/** Exit codes: 0 ran, 1 --min-score missed or tests failed, 2 user-fixable error, 3 kit bug. */
async function run(action: () => Promise<number | undefined>): Promise<void> {
  try {
    process.exitCode = (await action()) ?? 0;
  } catch (error) {
    if (isKitError(error)) {
      process.stderr.write(`${chalk.red(error.message)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${chalk.red('interview-kit failed; this is a bug in the kit:')}\n`);
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 3;
    }
  }
}

function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`Expected a number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

const program = new Command('kit')
  .description('Run, grade and review real-time systems coding interviews.')
  .version(kitVersion, '-v, --version')
  .showHelpAfterError('(run `kit --help` for usage)')
  .configureOutput({ outputError: (text, write) => write(chalk.red(text)) })
  .exitOverride((err) => {
    // Commander's own usage errors are user-fixable: exit 2, like every other one.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

program
  .command('list')
  .description('list the levels in order, with id, slug, title and time budget')
  .action(() =>
    run(async () => {
      const [{ listLevels }, { renderLevelList }] = await Promise.all([
        import('../src/commands/list.js'),
        import('../src/report/render-list.js'),
      ]);
      out(renderLevelList(listLevels(), color));
      return 0;
    }),
  );

program
  .command('start')
  .description('scaffold an attempt of a level: task, starter code, visible tests')
  .argument('<level>', 'level id or slug, e.g. level2 or fanout')
  .option('-d, --dir <path>', 'folder to create (default: ./<level>-attempt)')
  .option('-f, --force', 'write into a non-empty folder; replaced files are backed up in .kit/')
  .action((level: string, opts: { dir?: string; force?: boolean }) =>
    run(async () => {
      const { startAttempt } = await import('../src/commands/start.js');
      const result = await startAttempt({ level, ...opts });
      out(chalk.green(`Started ${result.level.id} (${result.level.slug}) in ${result.dir}`));
      if (result.backupDir) out(chalk.yellow(`Backed up ${result.backedUp.length} replaced file(s) to ${result.backupDir}`));
      out(`Read ${chalk.bold('README.md')} there, then run ${chalk.bold('kit test')} in that folder.`);
      out(chalk.dim(`Time budget: ${result.level.minutes} min. Stuck? \`kit hint\`.`));
      return 0;
    }),
  );

program
  .command('test')
  .description("run the attempt's visible tests (default: the current folder)")
  .argument('[dir]', 'attempt folder', '.')
  .option('-w, --watch', 're-run the tests on every save')
  .action((dir: string, opts: { watch?: boolean }) =>
    run(async () => {
      const { testAttempt } = await import('../src/commands/test.js');
      const result = await testAttempt({ dir, watch: opts.watch ?? false });
      if (result.timedOut) {
        process.stderr.write(chalk.red('Tests stopped after 60 s: is there an infinite loop?\n'));
      }
      return result.passed ? 0 : 1;
    }),
  );

program
  .command('grade')
  .description('grade an attempt with every grader (visible and hidden) and print the scorecard')
  .argument('[dir]', 'attempt folder', '.')
  .option('--json', 'print the GradeReport as JSON')
  .option('--min-score <percent>', 'exit 1 when the score is below this percentage', parseNumber(0, 100))
  .option('--timeout <seconds>', 'hard limit for the grading run', parseNumber(1, 600), 45)
  .option('--verbose', 'list passing tests too')
  .action((dir: string, opts: { json?: boolean; minScore?: number; timeout: number; verbose?: boolean }) =>
    run(async () => {
      const { gradeAttempt, meetsMinScore } = await import('../src/commands/grade.js');
      const report = await gradeAttempt({ dir, timeoutMs: opts.timeout * 1000 });
      if (opts.json) {
        out(JSON.stringify(report, null, 2));
      } else {
        const { renderScorecard } = await import('../src/report/render-text.js');
        out(renderScorecard(report, { color, verbose: opts.verbose ?? false }));
      }
      if (opts.minScore !== undefined && !meetsMinScore(report, opts.minScore)) {
        process.stderr.write(chalk.red(`Score ${report.total.percent}% is below --min-score ${opts.minScore}.\n`));
        return 1;
      }
      return 0;
    }),
  );

program
  .command('verify')
  .description('prove the kit sound: solutions pass, starters fail, rubrics, tests and guides agree')
  .argument('[levels...]', 'levels to verify (default: all)')
  .option('--timeout <seconds>', 'hard limit for each grading run', parseNumber(1, 600), 120)
  .action((levels: string[], opts: { timeout: number }) =>
    run(async () => {
      const [{ verifyKit }, { renderVerify }] = await Promise.all([
        import('../src/commands/verify.js'),
        import('../src/report/render-verify.js'),
      ]);
      const result = await verifyKit({ levels, timeoutMs: opts.timeout * 1000 });
      out(renderVerify(result, color));
      return result.ok ? 0 : 1;
    }),
  );

await program.parseAsync();
