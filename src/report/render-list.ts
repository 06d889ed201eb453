import { Chalk } from 'chalk';
import type { LevelInfo } from '../levels/level-registry.js';

/** Renders `kit list`: one line a level, in order, each under the pack it comes from. */
export function renderLevelList(levels: readonly LevelInfo[], color = false): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const idWidth = Math.max(6, ...levels.map((l) => l.id.length));
  const slugWidth = Math.max(9, ...levels.map((l) => l.slug.length));
  const indent = ' '.repeat(2 + idWidth + 2 + slugWidth + 2 + 7 + 2);
  const lines: string[] = [];
  let pack: string | null = null;
  for (const l of levels) {
    if (l.pack !== pack) {
      pack = l.pack;
      lines.push(c.bold(l.builtIn ? 'Levels' : `Levels of pack ${l.pack}`));
    }
    lines.push(
      `  ${c.bold(l.id.padEnd(idWidth))}  ${l.slug.padEnd(slugWidth)}  ${String(l.minutes).padStart(3)} min  ${l.title}\n` +
        c.dim(`${indent}${l.summary}`),
    );
  }
  return [...lines, '', c.dim('Start one with `kit start <level>`.')].join('\n');
}
