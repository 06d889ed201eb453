import { gzipSync } from 'node:zlib';

// A .tgz writer for the few small text files of an attempt. Only writing is needed (the kit never
// unpacks an archive: the interviewer grades the folder that comes back), and for regular files
// with short relative names the ustar format is a 512-byte header per file, so a dependency would
// add more than it saves. `tar -xzf`, 7-Zip and every unzip tool of the desktop read the result.

const BLOCK = 512;

/** One entry of an archive: a folder (ends with `/`) or a file with its bytes. */
export interface TarEntry {
  path: string;
  content?: Buffer;
}

function writeField(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes), or throws. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  const cut = path.lastIndexOf('/', path.length - 2);
  const prefix = path.slice(0, cut);
  const name = path.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(name) > 100) {
    throw new Error(`Path too long for a tar archive: ${path}`);
  }
  return { prefix, name };
}

function header(entry: TarEntry, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const isDir = entry.path.endsWith('/');
  const { prefix, name } = splitPath(entry.path);
  writeField(block, 0, 100, name);
  writeField(block, 100, 8, octal(isDir ? 0o755 : 0o644, 8));
  writeField(block, 108, 8, octal(0, 8));
  writeField(block, 116, 8, octal(0, 8));
  writeField(block, 124, 12, octal(isDir ? 0 : (entry.content?.length ?? 0), 12));
  writeField(block, 136, 12, octal(mtime, 12));
  writeField(block, 148, 8, '        ');
  writeField(block, 156, 1, isDir ? '5' : '0');
  writeField(block, 257, 6, 'ustar\0');
  writeField(block, 263, 2, '00');
  writeField(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeField(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/**
 * A gzipped ustar archive of the entries, in the order given, every one owned by uid 0 with the
 * given time (seconds): the same entries always give the same bytes, so the same checksum.
 */
export function tarGzip(entries: TarEntry[], mtimeSeconds: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry, Math.floor(mtimeSeconds)));
    if (entry.path.endsWith('/') || !entry.content) continue;
    parts.push(entry.content);
    const pad = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
