import type { Command } from 'commander';
import { color, out, run } from '../cli-support.js';

/** Registers `kit doctor`. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check Node, the sandbox for candidate code and what the kit’s tests need')
    .option('--json', 'print the checks as JSON')
    .action((opts: { json?: boolean }) =>
      run(async () => {
        const [{ runDoctor }, { renderDoctor }] = await Promise.all([
          import('../../src/commands/doctor.js'),
          import('../../src/report/render-doctor.js'),
        ]);
        const result = await runDoctor();
        out(opts.json ? JSON.stringify(result, null, 2) : renderDoctor(result, color));
        return result.ok ? 0 : 1;
      }),
    );
}
