import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grading/types.js';
import { verifyKitManifest } from '../../src/integrity/kit-manifest.js';
import { tempDir } from '../support/run-kit.js';
import { copyKit, runKitCopy } from './support/kit-copy.js';

// The kit checks itself before grading, and graded code cannot rewrite the kit or the attempt
// record: in the jail its writes fail; outside it, the next `kit grade` stops with exit 3.

const made: string[] = [];
let kit = '';
let env: NodeJS.ProcessEnv = {};
beforeAll(async () => {
  kit = await copyKit();
  const config = await tempDir('self-check-config');
  made.push(kit, config);
  env = { XDG_CONFIG_HOME: config };
});
afterAll(async () => {
  await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
});

const GRADING_MS = 120_000;

async function startAttempt(): Promise<string> {
  const dir = join(await tempDir('self-check'), 'attempt');
  made.push(dir);
  const started = await runKitCopy(kit, ['start', 'level2', '--dir', dir], { env });
  expect(started.code, started.stderr).toBe(0);
  return dir;
}

describe('the kit self-check', () => {
  it('passes on the kit as built', async () => {
    await expect(verifyKitManifest(kit)).resolves.toBeUndefined();
  });

  it(
    '6 and 7. graded code that rewrites graders, the scorer and the attempt record changes nothing it can hide',
    async () => {
      const dir = await startAttempt();
      expect((await runKitCopy(kit, ['hint', dir], { env })).code).toBe(0);
      const record = join(dir, '.kit', 'attempt.json');
      const grader = join(kit, 'graders/level2/buffers.test.ts');
      const scorer = join(kit, 'dist/src/grading/score.js');
      const cheat = [
        "import { readFileSync, writeFileSync } from 'node:fs';",
        `const targets = ${JSON.stringify({ grader, scorer, record })};`,
        "try { writeFileSync(targets.grader, \"import { it } from 'vitest';\\nit('[R2] passes', () => {});\\n\"); } catch {}",
        "try { writeFileSync(targets.scorer, 'export const scoreAttempt = () => ({ criteria: [], total: { percent: 100 } });'); } catch {}",
        'try {',
        "  const forged = JSON.parse(readFileSync(targets.record, 'utf8'));",
        "  forged.hints = []; forged.manual = { R8: { points: 5, note: 'brilliant' } };",
        '  writeFileSync(targets.record, JSON.stringify(forged));',
        '} catch {}',
        await readFile(join(dir, 'src/server.ts'), 'utf8'),
      ].join('\n');
      await writeFile(join(dir, 'src/server.ts'), cheat);
      const first = await runKitCopy(kit, ['grade', dir, '--score', 'R8=1', '--json'], { env });
      expect(first.code, first.stderr).toBe(0);
      const second = await runKitCopy(kit, ['grade', dir, '--json'], { env });
      if (second.code === 3) {
        // No jail here: the writes went through, and the kit refuses to grade with what they left.
        expect(second.stderr).toMatch(
          /graders\/level2\/buffers\.test\.ts was changed|dist\/src\/grading\/score\.js was changed/,
        );
        return;
      }
      expect(second.code, second.stderr).toBe(0);
      const report = JSON.parse(second.stdout) as GradeReport;
      expect(report.sandbox).toBe('bwrap');
      await expect(verifyKitManifest(kit)).resolves.toBeUndefined();
      expect(report.criteria.find((c) => c.id === 'R8')?.earned).toBe(1);
      expect(report.attempt.hintsUsed).toBe(1);
      expect(['signed', 'edited']).toContain(report.integrity.record);
    },
    GRADING_MS,
  );

  it('stops with exit 3 naming a changed grader, an added grader and a changed engine file', async () => {
    const dir = await startAttempt();
    const grader = join(kit, 'graders/level2/ordering.test.ts');
    const original = await readFile(grader, 'utf8');
    await appendFile(grader, '\n// changed\n');
    const changed = await runKitCopy(kit, ['grade', dir], { env });
    await writeFile(grader, original);
    expect(changed.code).toBe(3);
    expect(changed.stderr).toContain('graders/level2/ordering.test.ts was changed');

    const added = join(kit, 'graders/level2/always.test.ts');
    await writeFile(added, "import { it } from 'vitest';\nit('[R1] passes', () => {});\n");
    const extra = await runKitCopy(kit, ['grade', dir], { env });
    await rm(added);
    expect(extra.code).toBe(3);
    expect(extra.stderr).toContain('graders/level2/always.test.ts was added');

    // A manifest says which graders and rubric run: pointing it elsewhere is a change too.
    const manifest = join(kit, 'levels/level2/level.json');
    const declared = await readFile(manifest, 'utf8');
    await writeFile(manifest, declared.replace('"../../graders/level2"', '"../../graders/level1"'));
    const moved = await runKitCopy(kit, ['grade', dir], { env });
    await writeFile(manifest, declared);
    expect(moved.code).toBe(3);
    expect(moved.stderr).toContain('levels/level2/level.json was changed');

    const engine = join(kit, 'dist/src/grading/collect-outcomes.js');
    const compiled = await readFile(engine, 'utf8');
    await writeFile(engine, compiled.replace('failed', 'passed'));
    const rewritten = await runKitCopy(kit, ['grade', dir], { env });
    await writeFile(engine, compiled);
    expect(rewritten.code).toBe(3);
    expect(rewritten.stderr).toContain('dist/src/grading/collect-outcomes.js was changed');
  });

  it(
    'shows a record edited outside the kit in the scorecard, and keeps the interviewer’s scores',
    async () => {
      const dir = await startAttempt();
      await runKitCopy(kit, ['grade', dir, '--score', 'R8=1', '--timeout', '1'], { env });
      const path = join(dir, '.kit', 'attempt.json');
      const record = JSON.parse(await readFile(path, 'utf8')) as { manual: unknown };
      record.manual = { R8: { points: 5, note: 'brilliant' } };
      await writeFile(path, JSON.stringify(record));
      const graded = await runKitCopy(kit, ['grade', dir, '--timeout', '1'], { env });
      expect(graded.code, graded.stderr).toBe(0);
      expect(graded.stdout).toContain('.kit/attempt.json was edited outside the kit');
      expect(graded.stdout).toMatch(/R8 .* 1\/5/);
    },
    GRADING_MS,
  );
});
