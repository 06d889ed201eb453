const ESC = 0x1b;
const BEL = 0x07;
// ESC ] (OSC), ESC P (DCS), ESC X (SOS), ESC ^ (PM), ESC _ (APC): strings a terminal acts on.
const STRING_STARTS = new Set([0x5d, 0x50, 0x58, 0x5e, 0x5f]);

/**
 * A filter for a run's output on the interviewer's terminal: drops the terminal's string commands
 * (OSC 52 sets the clipboard, others retitle the window or query the terminal) and keeps the rest,
 * colours and cursor moves included. Stateful: a sequence may be split across chunks.
 */
export function createTerminalFilter(): (chunk: Buffer) => Buffer {
  let state: 'text' | 'escape' | 'string' | 'string-escape' = 'text';
  return (chunk) => {
    const out = Buffer.alloc(chunk.length + 1);
    let n = 0;
    for (const byte of chunk) {
      if (state === 'text') {
        if (byte === ESC) state = 'escape';
        else out[n++] = byte;
      } else if (state === 'escape') {
        if (STRING_STARTS.has(byte)) state = 'string';
        else {
          out[n++] = ESC;
          if (byte === ESC) continue;
          out[n++] = byte;
          state = 'text';
        }
      } else if (state === 'string') {
        if (byte === BEL) state = 'text';
        else if (byte === ESC) state = 'string-escape';
      } else {
        // ESC \ ends the string; any other ESC pair is still inside it.
        state = byte === 0x5c ? 'text' : byte === ESC ? 'string-escape' : 'string';
      }
    }
    return out.subarray(0, n);
  };
}
