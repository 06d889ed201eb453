import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

/** How a command run by runOnNodePath ended: its exit code and its stdout and stderr as one text. */
export interface PathRun {
  code: number | null;
  output: string;
}

/**
 * Runs `command args` in `cwd` as a user's shell would, with only Node's own folder, /usr/bin and
 * /bin on the PATH (so nothing installed for the kit's development is found), colour off.
 */
export function runOnNodePath(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<PathRun> {
  const child = spawn(command, args, {
    cwd,
    env: {
      ...process.env,
      NO_COLOR: '1',
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      ...env,
    },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((done) => child.on('close', (code) => done({ code, output })));
}
