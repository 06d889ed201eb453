import { describe, expect, it } from 'vitest';
import { createTerminalFilter } from '../../src/sandbox/terminal-filter.js';

// `kit test` copies the run's output to the interviewer's terminal: colours pass, commands to the
// terminal itself (clipboard, title, queries) do not, however the chunks split them.

function through(text: string, size: number): string {
  const filter = createTerminalFilter();
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(filter(bytes.subarray(at, at + size)));
  return Buffer.concat(out).toString();
}

describe('the terminal filter of kit test', () => {
  it.each([1, 2, 5, 1000])(
    'keeps colours and drops OSC 52, titles and DCS, in chunks of %i',
    (size) => {
      const text =
        '\u001b[32m✓\u001b[39m passed\n' +
        '\u001b]52;c;ZWNobyBwd25lZA==\u0007' +
        '\u001b]0;owned\u001b\\' +
        '\u001bP$q"p\u001b\\' +
        '\u001b_apc\u001b\u001b\\' +
        'after ✓ \u001b[1mbold\u001b[22m\n';
      expect(through(text, size)).toBe(
        '\u001b[32m✓\u001b[39m passed\nafter ✓ \u001b[1mbold\u001b[22m\n',
      );
    },
  );
});
