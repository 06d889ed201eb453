import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Recording, readRecording } from '../../src/room/store/recording.js';

/** Reads recording text with the data dir's own reader (through a temp file). */
export function readRecordingText(text: string): Recording {
  const dir = mkdtempSync(join(tmpdir(), 'kit-rec-'));
  try {
    const path = join(dir, 'recording.ndjson');
    writeFileSync(path, text);
    return readRecording(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
