import chalk from 'chalk';
import type { Command } from 'commander';
import { NO_SANDBOX_WARNING } from '../../src/sandbox/warning.js';
import { color, out, parseNumber, run } from '../cli-support.js';

// The candidate's commands and the interviewer's reading: list, start, bundle, test, hint, status,
// guide.

/** Registers `kit list`, `kit start`, `kit bundle`, `kit test`, `kit hint`, `kit status`, `kit guide`. */
export function registerAttemptCommands(program: Command): void {
  program
    .command('list')
    .description('list the levels in order, with id, slug, title and time budget')
    .action(() =>
      run(async () => {
        const [{ listLevels }, { renderLevelList }] = await Promise.all([
          import('../../src/commands/list.js'),
          import('../../src/report/render-list.js'),
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
    .option(
      '-p, --portable',
      "self-contained, for the candidate's machine: npm install && npm test",
    )
    .action((level: string, opts: { dir?: string; force?: boolean; portable?: boolean }) =>
      run(async () => {
        const { startAttempt } = await import('../../src/commands/start.js');
        const result = await startAttempt({ level, ...opts });
        const kind = opts.portable ? 'a portable attempt of ' : '';
        out(
          chalk.green(`Started ${kind}${result.level.id} (${result.level.slug}) in ${result.dir}`),
        );
        if (result.backupDir)
          out(
            chalk.yellow(
              `Backed up ${result.backedUp.length} replaced file(s) to ${result.backupDir}`,
            ),
          );
        if (opts.portable) {
          if (result.backupDir)
            out(
              chalk.yellow('Remove that backup before sending: it may name paths of this machine.'),
            );
          out(
            `Send that folder to the candidate (zip or git). There: ${chalk.bold('npm install && npm test')} (Node 20.19+, no kit).`,
          );
          out(chalk.dim(`When it comes back: \`kit grade <folder>\`. Its clock started now.`));
          return 0;
        }
        out(
          `Read ${chalk.bold('README.md')} there, then run ${chalk.bold('npm test')} or ${chalk.bold('npx kit test')} in that folder.`,
        );
        out(chalk.dim(`Time budget: ${result.level.minutes} min. Stuck? \`npx kit hint\` there.`));
        return 0;
      }),
    );

  program
    .command('bundle')
    .description('pack a portable attempt into one .tgz to send, with its sha256 beside it')
    .argument('<level>', 'level id or slug, e.g. level2 or fanout')
    .option('-o, --out <file>', 'archive to write (default: ./<level>-attempt.tgz)')
    .option('-f, --force', 'replace an existing archive and checksum file')
    .action((level: string, opts: { out?: string; force?: boolean }) =>
      run(async () => {
        const { bundleAttempt } = await import('../../src/commands/bundle.js');
        const result = await bundleAttempt({ level, ...opts });
        out(chalk.green(`Bundled a portable attempt of ${result.level.id} into ${result.file}`));
        out(`sha256 ${result.sha256}  (also in ${result.checksumFile})`);
        out(
          chalk.dim(
            `The candidate: \`tar -xzf\` it, then \`npm install && npm test\` in ${result.level.id}-attempt/. When the folder comes back: \`kit grade <folder>\`.`,
          ),
        );
        return 0;
      }),
    );

  program
    .command('test')
    .description(
      "run the attempt's visible tests (default: the attempt at or above the current folder)",
    )
    .argument('[dir]', 'attempt folder (default: the attempt at or above the current folder)')
    .option('-w, --watch', 're-run the tests on every save')
    .action((dir: string | undefined, opts: { watch?: boolean }) =>
      run(async () => {
        const { testAttempt } = await import('../../src/commands/test.js');
        const result = await testAttempt({ dir, watch: opts.watch ?? false });
        if (result.sandbox === 'none')
          process.stderr.write(`${chalk.yellow(NO_SANDBOX_WARNING)}\n`);
        if (result.timedOut) {
          process.stderr.write(chalk.red('Tests stopped after 60 s: is there an infinite loop?\n'));
        }
        for (const limit of result.limits) process.stderr.write(`${chalk.red(limit)}\n`);
        return result.passed ? 0 : 1;
      }),
    );

  program
    .command('hint')
    .description(
      "give the attempt's next milestone hint and log it (nudge, then stronger, then the next)",
    )
    .argument('[dir]', 'attempt folder (default: the attempt at or above the current folder)')
    .option('-l, --list', 'show the hints given so far instead, with their times')
    .action((dir: string | undefined, opts: { list?: boolean }) =>
      run(async () => {
        const [hint, render] = await Promise.all([
          import('../../src/commands/hint.js'),
          import('../../src/report/render-status.js'),
        ]);
        if (opts.list) out(render.renderHintList(await hint.listGivenHints({ dir }), { color }));
        else out(render.renderHint(await hint.giveHint({ dir }), { color }));
        return 0;
      }),
    );

  program
    .command('status')
    .description('the interview at a glance: phase by the clock, time left, hints, visible tests')
    .argument('[dir]', 'attempt folder (default: the attempt at or above the current folder)')
    .option('--no-tests', 'skip running the visible tests')
    .option('--json', 'print the status as JSON')
    .option('--timeout <seconds>', 'hard limit for the test run', parseNumber(1, 600), 45)
    .action((dir: string | undefined, opts: { tests: boolean; json?: boolean; timeout: number }) =>
      run(async () => {
        const { attemptStatus } = await import('../../src/commands/status.js');
        const status = await attemptStatus({
          dir,
          tests: opts.tests,
          timeoutMs: opts.timeout * 1000,
        });
        if (opts.json) out(JSON.stringify(status, null, 2));
        else {
          const { renderStatus } = await import('../../src/report/render-status.js');
          out(renderStatus(status, { color }));
        }
        return 0;
      }),
    );

  program
    .command('guide')
    .description(
      "read a level's interviewer guide (by id or slug) or the candidate study guide (study)",
    )
    .argument('[name]', 'level id or slug, or "study"; omit to list the guides')
    .option(
      '-s, --section <name>',
      'only the sections whose heading contains this, e.g. rubric, phases, hints',
    )
    .action((name: string | undefined, opts: { section?: string }) =>
      run(async () => {
        const { showGuide } = await import('../../src/commands/guide.js');
        const result = await showGuide({ ...(name ? { name } : {}), ...opts });
        if (result.kind === 'list') {
          for (const g of result.guides) {
            out(
              `  ${g.name.padEnd(8)} ${g.title}${g.exists ? '' : chalk.dim(' (not written yet)')}`,
            );
          }
          out(
            chalk.dim(
              'Read one with `kit guide <name>`, e.g. `kit guide level2 --section rubric`.',
            ),
          );
          return 0;
        }
        const { renderMarkdown } = await import('../../src/guides/render-terminal.js');
        const width = Math.min(100, Math.max(60, process.stdout.columns ?? 100));
        out(renderMarkdown(result.markdown, { color, width }));
        return 0;
      }),
    );
}
