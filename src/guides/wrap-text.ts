import { stripVTControlCharacters } from 'node:util';

/** The width a string takes in a terminal, colour codes excluded. */
export function visibleWidth(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

/** Pads a string with spaces to a visible width. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * Wraps text at spaces so no line is wider than `width` (a single longer word, such as a URL,
 * keeps its own line). Colour codes do not count towards the width.
 */
export function wrapText(text: string, width: number): string[] {
  const words = text.split(/ +/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') line = word;
    else if (visibleWidth(line) + 1 + visibleWidth(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
