import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LevelId } from '../grading/types.js';
import { scaffoldAttempt } from './scaffold.js';

/**
 * Typechecks a level's sources exactly as a candidate's editor would: scaffolds a throwaway attempt
 * in the temp folder (with the given sources, or the starter) and runs the TypeScript compiler on
 * its tsconfig. Returns the diagnostics, empty when it compiles.
 */
export async function typecheckLevelSources(
  levelId: LevelId,
  sourceDir?: string,
): Promise<string[]> {
  const ts = (await import('typescript')).default;
  const dir = await mkdtemp(join(tmpdir(), `kit-typecheck-${levelId}-`));
  try {
    let sources: Record<string, string> | undefined;
    if (sourceDir) {
      sources = {};
      for (const name of await readdir(sourceDir)) {
        if (name.endsWith('.ts')) sources[name] = await readFile(join(sourceDir, name), 'utf8');
      }
    }
    await scaffoldAttempt({ levelId, dir, ...(sources ? { sources } : {}) });
    const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    });
    if (!parsed) return ['tsconfig.json could not be read'];
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.replace(`${dir}/`, '')}:${line + 1}:${character + 1} ${text}`;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
