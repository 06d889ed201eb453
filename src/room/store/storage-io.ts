import { writeFileSync, writeSync } from 'node:fs';

/**
 * The writes the room's storage makes, as a seam: tests swap in one that fails like a full disk
 * (ENOSPC, short writes) without filling a real one.
 */
export interface StorageIo {
  /** Writes up to `length` bytes at the end of an append-mode file; returns how many it wrote. */
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  /** Writes a whole small file (session.json). */
  writeFileSync(path: string, data: string, options: { mode: number }): void;
  /** Told of each whole line written to a recording (`kit serve --redis` copies it to Redis). */
  appended?(path: string, line: Uint8Array): void;
}

/** The real file system. */
export const NODE_IO: StorageIo = {
  writeSync: (fd, data, offset, length) => writeSync(fd, data, offset, length),
  writeFileSync: (path, data, options) => writeFileSync(path, data, options),
};

/** A write failure of the room's storage, with the system error code (ENOSPC, EIO, ...). */
export class StorageError extends Error {
  readonly code: string;

  constructor(cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'EIO';
    super(`cannot write: ${code}`, { cause });
    this.code = code;
  }
}
