import { writeFileSync, writeSync } from 'node:fs';
import type { StorageIo } from '../../src/room/store/storage-io.js';

function enospc(): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write');
  error.code = 'ENOSPC';
  return error;
}

/**
 * The room's writes on a disk that can be filled up: while `full`, a write takes a few bytes (as
 * a real disk with a little room left does) and then fails with ENOSPC; session.json fails outright.
 */
export class FullDisk implements StorageIo {
  full = false;
  /** Failed writes so far. */
  failures = 0;
  #partial = false;

  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number {
    if (this.full) {
      // The first call of a line takes part of it; the call for the rest fails.
      if (!this.#partial && length > 8) {
        this.#partial = true;
        return writeSync(fd, data, offset, 8);
      }
      this.#partial = false;
      this.failures += 1;
      throw enospc();
    }
    return writeSync(fd, data, offset, length);
  }

  writeFileSync(path: string, data: string, options: { mode: number }): void {
    if (this.full) {
      this.failures += 1;
      throw enospc();
    }
    writeFileSync(path, data, options);
  }
}
