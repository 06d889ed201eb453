import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledPath } from '../../src/paths.js';
import { PAYLOAD_GRADER } from './support.js';

// Whatever started the kit may have left it file descriptors without close-on-exec (a shell's
// `exec 47>>file`, a supervisor's pipe). Children inherit those, and so would the jail: a run could
// write to a host file through one, or reopen it from /proc/1/fd (bwrap, the jail's pid 1).

const dir = await mkdtemp(join(tmpdir(), 'kit-fds-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const payload = `
import { openSync, readdirSync, readlinkSync, writeSync } from 'node:fs';
const links = (p: string) => { try { return readdirSync(p).map((f) => { try { return readlinkSync(p + '/' + f); } catch { return ''; } }); } catch (e) { return [(e as NodeJS.ErrnoException).code]; } };
export async function attack() {
  let direct = '';
  try { writeSync(47, 'written through fd 47\\n'); direct = 'wrote'; } catch (e) { direct = (e as NodeJS.ErrnoException).code ?? ''; }
  let reopened = '';
  try { writeSync(openSync('/proc/1/fd/47', 'a'), 'written through /proc/1/fd/47\\n'); reopened = 'wrote'; } catch (e) { reopened = (e as NodeJS.ErrnoException).code ?? ''; }
  return { direct, reopened, own: links('/proc/self/fd'), init: links('/proc/1/fd') };
}
`;

/** Grades the payload with the compiled engine in a Node whose fd 47 is `target`, open for append. */
async function gradeWithStrayFd(target: string): Promise<Record<string, unknown>> {
  await writeFile(join(dir, 'payload.ts'), payload);
  const script = `
const { runGraders } = await import(${JSON.stringify(compiledPath('src/grading/run-graders.ts'))});
const run = await runGraders({ files: [${JSON.stringify(PAYLOAD_GRADER)}], implDir: ${JSON.stringify(dir)}, timeoutMs: 30000 });
const errors = [...run.modules.values()].flatMap((m) => m.tests.flatMap((t) => t.errors));
process.stdout.write(errors.map((e) => /PAYLOAD (\\{.*\\})/.exec(e)?.[1]).find(Boolean) ?? 'null');
`;
  const out = execFileSync(
    '/bin/bash',
    [
      '-c',
      'exec 47>>"$1"; exec "$2" --input-type=module -e "$3"',
      'sh',
      target,
      process.execPath,
      script,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

describe('a jailed run', () => {
  it('inherits no file descriptor the kit was started with', async () => {
    const target = join(dir, 'host-file.txt');
    await writeFile(target, '');
    const found = await gradeWithStrayFd(target);
    expect(found).toMatchObject({ direct: 'EBADF' });
    expect(found.reopened).not.toBe('wrote');
    expect(JSON.stringify(found)).not.toContain(target);
    expect(await readFile(target, 'utf8')).toBe('');
  });
});
