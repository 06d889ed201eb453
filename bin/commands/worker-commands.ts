import chalk from 'chalk';
import type { Command } from 'commander';
import { out, parseNumber, run } from '../cli-support.js';

// The run worker of a deployment over Redis (see docs/cluster.md).

/** Registers `kit worker`. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description("run candidates' code for `kit serve --redis` instances, in the sandbox")
    .requiredOption('--redis <url>', "the deployment's Redis, e.g. redis://host:6379")
    .option('--concurrency <n>', 'runs at once on this machine', parseNumber(1, 64), 1)
    .option('--unsafe-runs', 'run without a sandbox: candidate code then runs with your privileges')
    .action((opts: { redis: string; concurrency: number; unsafeRuns?: boolean }) =>
      run(async () => {
        const { startWorker } = await import('../../src/commands/worker.js');
        const worker = await startWorker(opts);
        out(
          `Worker ${chalk.bold(worker.id)} takes runs from ${worker.redis} (${opts.concurrency} at once).`,
        );
        const { sandbox } = worker.runs;
        if (sandbox.kind === 'bwrap')
          out(chalk.dim(`Runs are sandboxed (bubblewrap ${sandbox.version}).`));
        else out(chalk.yellow(`Runs are NOT sandboxed (--unsafe-runs): ${sandbox.reason}.`));
        out(chalk.dim('Ctrl-C stops taking runs; the ones running finish first.'));
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await worker.close();
        return 0;
      }),
    );
}
