import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type GraderRun, runGraders } from '../../src/grading/run-graders.js';

/** The fixture grader that runs `attack()` from the candidate's `payload.ts`. */
export const PAYLOAD_GRADER = resolve(import.meta.dirname, 'fixtures/payload.grader.js');

/** What a payload run gave back: the run, its text as a whole, and what the payload reported. */
export interface PayloadRun {
  run: GraderRun;
  /** Everything the run reported, as one string: what a candidate could be shown. */
  text: string;
  /** The payload's own report, or null when the run ended before it finished. */
  found: Record<string, unknown> | null;
}

/** Grades a candidate whose `payload.ts` is `source`, through the real engine and sandbox. */
export async function runPayload(source: string, timeoutMs = 30_000): Promise<PayloadRun> {
  const dir = await mkdtemp(join(tmpdir(), 'kit-hostile-'));
  try {
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src', 'payload.ts'), source);
    const run = await runGraders({ files: [PAYLOAD_GRADER], implDir: join(dir, 'src'), timeoutMs });
    const text = JSON.stringify({
      modules: [...run.modules.values()],
      problems: run.problems,
      tamper: run.tamper,
    });
    const errors = [...run.modules.values()].flatMap((m) => m.tests.flatMap((t) => t.errors));
    const match = errors.map((e) => /PAYLOAD (\{.*\})/.exec(e)).find(Boolean);
    return { run, text, found: match?.[1] ? JSON.parse(match[1]) : null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Host processes whose command line holds `marker`, as `ps` outside the jail sees them. */
export function processesWith(marker: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

/** Resolves once no host process holds `marker`, or with those left after `withinMs`. */
export async function leftAfter(marker: string, withinMs: number): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = processesWith(marker);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
