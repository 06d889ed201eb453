import chalk from 'chalk';
import type { Command } from 'commander';
import { NO_SANDBOX_WARNING } from '../../src/sandbox/warning.js';
import { collect, color, out, parseNumber, run } from '../cli-support.js';

// Grading and proving: grade (with manual scoring), report, verify.

/** Flags of `kit grade`. */
interface GradeFlags {
  interactive?: boolean;
  score?: string[];
  note?: string[];
  markdown?: string;
  json?: boolean;
  minScore?: number;
  timeout: number;
  verbose?: boolean;
}

/** `kit grade --interactive`: prompts on the terminal; Ctrl-C stops with every answer saved (exit 130). */
async function promptForScores(
  dir: string,
  output: NodeJS.WritableStream,
): Promise<number | undefined> {
  const { scoreInteractively } = await import('../../src/commands/score-manual.js');
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await scoreInteractively({
      dir,
      input: process.stdin,
      output,
      signal: abort.signal,
      color,
    });
    const pending = result.pending.length ? ` Not scored yet: ${result.pending.join(', ')}.` : '';
    if (result.interrupted) {
      const saved = result.scored.length
        ? `Saved ${result.scored.join(', ')}.`
        : 'Nothing new to save.';
      process.stderr.write(
        `${chalk.yellow(`\nInterrupted. ${saved}${pending} Run \`kit grade --interactive\` to go on.`)}\n`,
      );
      return 130;
    }
    if (result.inputEnded)
      process.stderr.write(`${chalk.yellow(`\nNo more answers.${pending}`)}\n`);
    output.write('\n');
    return undefined;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Registers `kit grade`, `kit report`, `kit verify`. */
export function registerGradeCommands(program: Command): void {
  program
    .command('grade')
    .description('grade an attempt with every grader (visible and hidden) and print the scorecard')
    .argument('[dir]', 'attempt folder', '.')
    .option(
      '-i, --interactive',
      'score the manual criteria first, one prompt each (saved as you go)',
    )
    .option(
      '--score <id=points>',
      'score a manual criterion, e.g. --score R5=2 (repeatable)',
      collect,
    )
    .option(
      '--note <id=text>',
      'note on a manual criterion, e.g. --note R5="clear trade-offs" (repeatable)',
      collect,
    )
    .option(
      '--markdown <file>',
      'also write the scorecard as Markdown to <file> ("-" prints it instead)',
    )
    .option('--json', 'print the GradeReport as JSON')
    .option(
      '--min-score <percent>',
      'exit 1 when the score is below this percentage',
      parseNumber(0, 100),
    )
    .option('--timeout <seconds>', 'hard limit for the grading run', parseNumber(1, 600), 45)
    .option('--verbose', 'list passing tests too')
    .action((dir: string, opts: GradeFlags) =>
      run(async () => {
        const { gradeAttempt, meetsMinScore } = await import('../../src/commands/grade.js');
        const scores = opts.score ?? [];
        const notes = opts.note ?? [];
        if (scores.length > 0 || notes.length > 0) {
          const { scoreWithFlags } = await import('../../src/commands/score-manual.js');
          await scoreWithFlags({ dir, scores, notes });
        }
        if (opts.interactive) {
          const toStderr = opts.json || opts.markdown === '-';
          const stopped = await promptForScores(dir, toStderr ? process.stderr : process.stdout);
          if (stopped !== undefined) return stopped;
        }
        const report = await gradeAttempt({ dir, timeoutMs: opts.timeout * 1000 });
        const markdownToStdout = opts.markdown === '-';
        // The text scorecard says it itself; JSON and Markdown on stdout get the line on stderr.
        if (report.sandbox === 'none' && (opts.json || markdownToStdout)) {
          process.stderr.write(`${chalk.yellow(NO_SANDBOX_WARNING)}\n`);
        }
        if (opts.json) {
          out(JSON.stringify(report, null, 2));
        } else if (!markdownToStdout) {
          const { renderScorecard } = await import('../../src/report/render-text.js');
          out(renderScorecard(report, { color, verbose: opts.verbose ?? false }));
        }
        if (opts.markdown) {
          const { renderMarkdownScorecard } = await import('../../src/report/render-markdown.js');
          const markdown = renderMarkdownScorecard(report);
          if (markdownToStdout) process.stdout.write(markdown);
          else {
            const { writeReportFile } = await import('../../src/report/write-report-file.js');
            const path = await writeReportFile(opts.markdown, markdown);
            process.stderr.write(chalk.dim(`Wrote the Markdown scorecard to ${path}\n`));
          }
        }
        if (opts.minScore !== undefined && !meetsMinScore(report, opts.minScore)) {
          process.stderr.write(
            chalk.red(`Score ${report.total.percent}% is below --min-score ${opts.minScore}.\n`),
          );
          return 1;
        }
        return 0;
      }),
    );

  program
    .command('report')
    .description('compare attempts of one level side by side: one row per criterion, a column each')
    .argument(
      '<attempts...>',
      'attempt folders (graded now) or reports saved with `kit grade --json`',
    )
    .option(
      '--markdown <file>',
      'also write the comparison as Markdown to <file> ("-" prints it instead)',
    )
    .option('--timeout <seconds>', 'hard limit for each grading run', parseNumber(1, 600), 45)
    .action((inputs: string[], opts: { markdown?: string; timeout: number }) =>
      run(async () => {
        const { compareAttempts } = await import('../../src/commands/report.js');
        const render = await import('../../src/report/render-compare.js');
        const result = await compareAttempts({
          inputs,
          timeoutMs: opts.timeout * 1000,
          onGrade: (d) => process.stderr.write(chalk.dim(`Grading ${d}...\n`)),
        });
        if (opts.markdown === '-') {
          process.stdout.write(render.renderComparisonMarkdown(result));
          return 0;
        }
        out(
          render.renderComparison(result, {
            color,
            width: Math.min(120, process.stdout.columns ?? 100),
          }),
        );
        if (opts.markdown) {
          const { writeReportFile } = await import('../../src/report/write-report-file.js');
          const path = await writeReportFile(
            opts.markdown,
            render.renderComparisonMarkdown(result),
          );
          process.stderr.write(chalk.dim(`Wrote the Markdown comparison to ${path}\n`));
        }
        return 0;
      }),
    );

  program
    .command('verify')
    .description(
      'prove the kit sound: solutions pass, starters fail, rubrics, tests and guides agree',
    )
    .argument('[levels...]', 'levels (id or slug) or level packs (folder) to verify (default: all)')
    .option('--timeout <seconds>', 'hard limit for each grading run', parseNumber(1, 600), 120)
    .action((levels: string[], opts: { timeout: number }) =>
      run(async () => {
        const [{ verifyKit }, { renderVerify }] = await Promise.all([
          import('../../src/commands/verify.js'),
          import('../../src/report/render-verify.js'),
        ]);
        const result = await verifyKit({ levels, timeoutMs: opts.timeout * 1000 });
        out(renderVerify(result, color));
        return result.ok ? 0 : 1;
      }),
    );
}
