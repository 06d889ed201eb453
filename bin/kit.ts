#!/usr/bin/env node
import chalk from 'chalk';
import { Command } from 'commander';
import { useLevelPacks } from '../src/levels/level-sources.js';
import { kitVersion } from '../src/paths.js';
import { collect } from './cli-support.js';
import { registerAttemptCommands } from './commands/attempt-commands.js';
import { registerDoctorCommand } from './commands/doctor-command.js';
import { registerGradeCommands } from './commands/grade-commands.js';
import { registerRoomCommands } from './commands/room-commands.js';
import { registerWorkerCommand } from './commands/worker-commands.js';

// Wiring only: parse arguments, call a command, print its result, set the exit code. Commands are
// imported lazily inside their actions, so `kit --help` never loads the grading engine.

const program = new Command('kit')
  .description('Run, grade and review real-time systems coding interviews.')
  .version(kitVersion, '-v, --version')
  .showHelpAfterError('(run `kit --help` for usage)')
  .option(
    '--levels <dir>',
    'also use the level pack in this folder (or installed package); repeatable, like KIT_LEVELS',
    collect,
  )
  .configureOutput({ outputError: (text, write) => write(chalk.red(text)) })
  .exitOverride((err) => {
    // Commander's own usage errors are user-fixable: exit 2, like every other one.
    process.exit(err.exitCode === 0 ? 0 : 2);
  });

// Before any command runs: the packs named on the command line join the kit's own levels.
program.hook('preAction', () => useLevelPacks(program.opts<{ levels?: string[] }>().levels ?? []));

registerAttemptCommands(program);
registerGradeCommands(program);
registerRoomCommands(program);
registerWorkerCommand(program);
registerDoctorCommand(program);

await program.parseAsync();
