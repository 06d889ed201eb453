import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tarGzip } from '../../src/attempt/tar-gzip.js';

// The archive `kit bundle` writes, read back by the system's tar.

const long = `a/${'deep-folder-name/'.repeat(7)}file-with-a-long-name.ts`;
const entries = [
  { path: 'a/' },
  { path: 'a/readme.md', content: Buffer.from('# hi\n') },
  { path: 'a/empty.txt', content: Buffer.alloc(0) },
  { path: 'a/block.bin', content: Buffer.alloc(512, 7) },
  { path: long, content: Buffer.from('export const x = 1;\n') },
];

describe('tarGzip', () => {
  it('writes an archive tar lists with every entry, a name over 100 bytes included', () => {
    expect(long.length).toBeGreaterThan(100);
    const listing = execFileSync('tar', ['-tzf', '-'], { input: tarGzip(entries, 1_700_000_000) });
    expect(listing.toString().trim().split('\n')).toEqual(entries.map((e) => e.path));
  });

  it('keeps every byte of every file', () => {
    const archive = tarGzip(entries, 1_700_000_000);
    for (const entry of entries.filter((e) => e.content)) {
      const out = execFileSync('tar', ['-xzOf', '-', entry.path], { input: archive });
      expect(out.equals(entry.content as Buffer), entry.path).toBe(true);
    }
  });

  it('gives the same bytes for the same entries and time, so the same checksum', () => {
    expect(tarGzip(entries, 1_700_000_000).equals(tarGzip(entries, 1_700_000_000))).toBe(true);
    expect(tarGzip(entries, 1_700_000_000).equals(tarGzip(entries, 1_700_000_001))).toBe(false);
  });

  it('refuses a name no ustar header can hold', () => {
    expect(() => tarGzip([{ path: `${'x'.repeat(120)}.ts`, content: Buffer.from('') }], 0)).toThrow(
      /Path too long for a tar archive/,
    );
  });
});
