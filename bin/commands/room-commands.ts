import chalk from 'chalk';
import type { Command } from 'commander';
import { collect, out, parseNumber, run } from '../cli-support.js';

// The live interview room: serve, sessions, replay, export.

/** Flags of `kit serve`. */
interface ServeFlags {
  port: number;
  host: string;
  data?: string;
  maxRecordingMb?: number;
  unsafeRuns?: boolean;
  redis?: string;
  tokenFile?: string;
  allowedHost?: string[];
  advertise?: string;
  runTimeout: number;
  gradeTimeout: number;
}

/** Registers `kit serve`, `kit sessions`, `kit replay`, `kit export`. */
export function registerRoomCommands(program: Command): void {
  program
    .command('serve')
    .description('start the live interview room server and print the interviewer URL')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parseNumber(0, 65535), 0)
    .option(
      '--host <host>',
      'address to bind; keep the default unless you mean to expose it',
      '127.0.0.1',
    )
    .option(
      '--data <dir>',
      'sessions folder (default: $KIT_DATA_DIR or ~/.local/share/interview-kit)',
    )
    .option(
      '--max-recording-mb <mib>',
      "cap of each session's recording; past it nothing more is recorded (default 64)",
      parseNumber(1, 1_000_000),
    )
    .option(
      '--run-timeout <seconds>',
      'stop a visible-test run (the candidate\'s "Run tests") after this long',
      parseNumber(1, 600),
      15,
    )
    .option(
      '--grade-timeout <seconds>',
      'stop the interviewer\'s full grade ("Grade all") after this long',
      parseNumber(1, 600),
      60,
    )
    .option(
      '--unsafe-runs',
      'allow Runs without a sandbox: candidate code then runs with your privileges',
    )
    .option(
      '--redis <url>',
      'share sessions with other instances and send Runs to `kit worker` through this Redis',
    )
    .option(
      '--advertise <url>',
      'with --redis: where the other instances reach this one (default: the address it listens on)',
    )
    .option(
      '--allowed-host <host[:port]>',
      'also accept this Host (a LAN name, or a reverse proxy as name:port); repeatable',
      collect,
    )
    .option(
      '--token-file <path>',
      'read the server token from this file (else $KIT_SERVER_TOKEN, else a random one)',
    )
    .action((opts: ServeFlags) =>
      run(async () => {
        const { serve } = await import('../../src/commands/serve.js');
        const result = await serve({ ...opts, allowedHosts: opts.allowedHost });
        out(`Interview room on ${chalk.bold(result.url)}`);
        const { mode, sandbox } = result.runs;
        if (result.workers) {
          out(chalk.dim(`Runs go to \`kit worker\` processes through ${result.workers}.`));
        } else if (sandbox.kind === 'bwrap') {
          out(chalk.dim(`Runs are sandboxed (bubblewrap ${sandbox.version}).`));
        } else if (mode === 'unsafe') {
          out(
            chalk.yellow(
              `Runs are NOT sandboxed (--unsafe-runs): ${sandbox.reason}. Candidate code runs with your privileges.`,
            ),
          );
        } else {
          out(
            chalk.yellow(
              `Runs are off: this server has no sandbox (${sandbox.reason}). \`kit doctor\` says what is missing; --unsafe-runs runs them anyway.`,
            ),
          );
        }
        out(chalk.dim(`Sessions in ${result.dataDir}. Ctrl-C stops the server.`));
        if (result.migratedSessions > 0)
          out(
            chalk.dim(
              `Stored the links of ${result.migratedSessions} older session(s) as hashes; they still work.`,
            ),
          );
        if (result.exposed)
          out(
            chalk.yellow(`Bound to ${opts.host}: anyone who can reach it and has a link can join.`),
          );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await result.close();
        return 0;
      }),
    );

  program
    .command('sessions')
    .description('list the recorded interview sessions, newest first')
    .option('--data <dir>', 'sessions folder')
    .option('--tag <tag>', 'only sessions the interviewer tagged with <tag>')
    .option(
      '--decision <decision>',
      'only sessions with this decision: strong-no, no, yes, strong-yes',
    )
    .option('--json', 'print the list as JSON')
    .option(
      '--redis <url>',
      "list a `kit serve --redis` deployment's sessions (copied to --data if given)",
    )
    .action(
      (opts: { data?: string; json?: boolean; tag?: string; decision?: string; redis?: string }) =>
        run(async () => {
          const { listSessions } = await import('../../src/commands/sessions.js');
          const source = await fromRedis(opts.redis, opts.data);
          const sessions = (() => {
            try {
              return listSessions({ ...opts, data: source.data });
            } finally {
              source.done();
            }
          })();
          if (opts.json) out(JSON.stringify(sessions, null, 2));
          else if (sessions.length === 0)
            out(
              chalk.dim(
                opts.tag || opts.decision
                  ? 'No sessions match. Run `kit sessions` to list them all.'
                  : 'No sessions yet. Start one with `kit serve`.',
              ),
            );
          for (const s of opts.json ? [] : sessions) {
            const minutes = Math.round(s.durationMs / 60_000);
            out(
              `${s.id}  ${s.level.id}  ${s.status.padEnd(5)}  ${s.createdAt.slice(0, 16)}  ${minutes} min  ${s.chatMessages} chat  ${s.runs} runs  ${s.hints} hints  ${s.title}`,
            );
            const { decision, tags } = s.review;
            if (decision || tags.length > 0)
              out(`    decision: ${decision ?? 'none'}  tags: ${tags.join(', ') || 'none'}`);
          }
          return 0;
        }),
    );

  program
    .command('replay')
    .description('play a recorded session in the terminal: code and chat together')
    .argument('<id>', 'session id (see `kit sessions`)')
    .option('--speed <factor>', 'playback speed', parseNumber(0.1, 100), 1)
    .option('--idle-limit <seconds>', 'longest pause shown between events', parseNumber(0, 3600), 2)
    .option('--final', 'print the final state and exit (non-interactive)')
    .option('--data <dir>', 'sessions folder')
    .option('--redis <url>', 'read the session from a `kit serve --redis` deployment')
    .action(
      (
        id: string,
        opts: { speed: number; idleLimit: number; final?: boolean; data?: string; redis?: string },
      ) =>
        run(async () => {
          const { replaySession } = await import('../../src/commands/replay.js');
          const source = await fromRedis(opts.redis, opts.data, [id]);
          const replay = (() => {
            try {
              return replaySession({
                id,
                data: source.data,
                speed: opts.speed,
                idleLimitMs: opts.idleLimit * 1000,
                rows: Math.max(5, (process.stdout.rows ?? 30) - 14),
              });
            } finally {
              source.done();
            }
          })();
          if (opts.final || !process.stdout.isTTY) {
            out(replay.final);
            return 0;
          }
          const { setTimeout: sleep } = await import('node:timers/promises');
          for (const frame of replay.frames()) {
            await sleep(frame.waitMs);
            process.stdout.write(`\x1b[2J\x1b[H${frame.screen}\n`);
          }
          return 0;
        }),
    );

  program
    .command('export')
    .description(
      "write a session's files as an attempt folder that `kit grade` accepts, with the room's manual scores, hints and interview scorecard",
    )
    .argument('<id>', 'session id (see `kit sessions`)')
    .requiredOption('-d, --dir <path>', 'attempt folder to create')
    .option('-f, --force', 'write into a non-empty folder; replaced files are backed up in .kit/')
    .option('--data <dir>', 'sessions folder')
    .option('--redis <url>', 'read the session from a `kit serve --redis` deployment')
    .action((id: string, opts: { dir: string; force?: boolean; data?: string; redis?: string }) =>
      run(async () => {
        const { exportSession } = await import('../../src/commands/export.js');
        const source = await fromRedis(opts.redis, opts.data, [id]);
        const result = await exportSession({ id, ...opts, data: source.data }).finally(() =>
          source.done(),
        );
        out(
          chalk.green(`Exported session ${result.sessionId} (${result.level.id}) to ${result.dir}`),
        );
        out(
          `Manual scores: ${result.manualScored}, hints given: ${result.hintsGiven}; interview scorecard: ${result.scorecardPath}`,
        );
        out(`Grade it with ${chalk.bold(`kit grade ${result.dir}`)}.`);
        return 0;
      }),
    );
}

/** With `--redis`, the sessions copied out of Redis (into `--data` if given); else `--data`. */
async function fromRedis(
  redis: string | undefined,
  data: string | undefined,
  ids?: string[],
): Promise<{ data: string | undefined; done(): void }> {
  if (redis === undefined) return { data, done: () => {} };
  const { openRedisData } = await import('../../src/commands/redis-data.js');
  return openRedisData(redis, data, ids);
}
