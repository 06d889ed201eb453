import { Chalk } from 'chalk';
import type { LevelInfo } from '../levels/manifest.js';

/** Renders `kit list`: one line a level, in order. */
export function renderLevelList(levels: readonly LevelInfo[], color = false): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const rows = levels.map(
    (l) =>
      `  ${c.bold(l.id)}  ${l.slug.padEnd(9)}  ${String(l.minutes).padStart(3)} min  ${l.title}\n` +
      c.dim(`                             ${l.summary}`),
  );
  return [c.bold('Levels'), ...rows, '', c.dim('Start one with `kit start <level>`.')].join('\n');
}
