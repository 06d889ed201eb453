import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { testAttempt } from '../../src/commands/test.js';
import { compiledPath } from '../../src/paths.js';

// A handed-in attempt folder is the candidate's: its top-level entries may be links. bwrap follows
// a bind's source, so `node_modules -> ~` or `src -> ~/.ssh` would put the interviewer's files in
// the jail of `kit test`.

const root = await mkdtemp(join(tmpdir(), 'kit-test-links-'));
afterAll(() => rm(root, { recursive: true, force: true }));

it('kit test binds no top-level link of the attempt that leads out of it', async () => {
  const secrets = join(root, 'interviewer-home');
  await mkdir(secrets);
  await writeFile(join(secrets, 'id_rsa'), 'PRIVATE KEY');
  const dir = join(root, 'attempt');
  execFileSync(process.execPath, [compiledPath('bin/kit.ts'), 'start', 'level1', '--dir', dir], {
    stdio: 'ignore',
  });
  await rm(join(dir, 'node_modules'), { force: true });
  await symlink(secrets, join(dir, 'node_modules'));
  await rm(join(dir, 'src'), { recursive: true });
  await symlink(secrets, join(dir, 'src'));
  // No import of vitest: the file's top level runs when vitest collects it.
  await writeFile(
    join(dir, 'test', 'leak.test.ts'),
    `import { readdirSync } from 'node:fs';
for (const p of ['/attempt/node_modules', '/attempt/src', ${JSON.stringify(secrets)}]) {
  let seen: string;
  try { seen = readdirSync(p).join(','); } catch (e) { seen = (e as NodeJS.ErrnoException).code ?? ''; }
  console.log('LEAK ' + p + ' ' + seen);
}
`,
  );
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    await testAttempt({ dir, timeoutMs: 30_000 });
  } finally {
    write.mockRestore();
  }
  expect(printed).toContain('LEAK /attempt/src');
  expect(printed).not.toContain('id_rsa');
});

it('kit test passes colours to the terminal but not the commands a run prints to it', async () => {
  const dir = join(root, 'osc');
  execFileSync(process.execPath, [compiledPath('bin/kit.ts'), 'start', 'level1', '--dir', dir], {
    stdio: 'ignore',
  });
  await writeFile(
    join(dir, 'test', 'osc.test.ts'),
    `import { writeSync } from 'node:fs';
writeSync(1, 'OSC[\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u001b[31m]OSC\\n');
`,
  );
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  try {
    await testAttempt({ dir, timeoutMs: 30_000 });
  } finally {
    write.mockRestore();
  }
  expect(printed).toContain('OSC[\u001b[31m]OSC');
});
