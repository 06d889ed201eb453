import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKit, tempDir } from '../support/run-kit.js';
import { runOnNodePath } from '../support/run-on-node-path.js';

// The candidate stands inside the attempt (often in its src/) and types what the README taught:
// `npx kit <command>`, or `kit <command>` with no folder. Both find the attempt above them.

const root = await tempDir('inside');
afterAll(() => rm(root, { recursive: true, force: true }));
// A config folder of its own, so the hints logged here stay out of the user's.
const env = { XDG_CONFIG_HOME: join(root, 'config') };
const attempt = join(root, 'attempt');
await runKit(['start', 'level1', '--dir', attempt], { env });
const src = join(attempt, 'src');

/** Runs `npx <args>` as a user would, with only Node's folder on the PATH and no installs. */
const npx = (args: string[], cwd: string) =>
  // Never fetch a package called "kit" from the registry: the local one must be found.
  runOnNodePath('npx', args, cwd, { ...env, npm_config_yes: 'false' });

describe('npx kit inside an attempt', () => {
  it('npx kit hint from src/ gives the first hint and logs it in the attempt above', async () => {
    const run = await npx(['kit', 'hint'], src);
    expect(run.output).not.toMatch(/could not determine executable/);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Hint 1 of \d+/);
    const record = JSON.parse(await readFile(join(attempt, '.kit', 'attempt.json'), 'utf8'));
    expect(record.hints).toHaveLength(1);
  });

  it('npx kit status --no-tests from src/ shows the level and the hint used', async () => {
    const run = await npx(['kit', 'status', '--no-tests'], src);
    expect(run.code).toBe(0);
    expect(run.output).toContain('level1');
    expect(run.output).toMatch(/1 of \d+ used/);
  });

  it('npx kit test from src/ runs the visible tests and fails the starter', async () => {
    const run = await npx(['kit', 'test'], src);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Tests +\d+ failed/);
  });
});

describe('kit with no folder, outside any attempt', () => {
  it('hint, status and test exit 2 with one line naming the folder and `kit start`', async () => {
    const outside = join(root, 'config');
    for (const command of ['hint', 'status', 'test']) {
      const run = await runKit([command], { cwd: outside, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`No attempt in "${outside}" or any folder above it`);
      expect(run.stderr).toContain('kit start <level>');
    }
  });
});
