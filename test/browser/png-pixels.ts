import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/** A decoded image: RGBA bytes, row after row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Reads an 8-bit, non-interlaced PNG (what browsers write for screenshots) into RGBA pixels,
 * with node:zlib and the five PNG row filters; anything else is refused with a clear error.
 */
export function readPng(path: string): Pixels {
  const file = readFileSync(path);
  if (file.readUInt32BE(0) !== 0x89504e47) throw new Error(`${path} is not a PNG.`);
  let at = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  while (at < file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('ascii', at + 4, at + 8);
    const body = file.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  if (!header) throw new Error(`${path} has no IHDR chunk.`);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const channels = CHANNELS[header[9] ?? -1];
  if (header[8] !== 8 || header[12] !== 0 || !channels) {
    throw new Error(`${path}: only 8-bit, non-interlaced grey/RGB/RGBA PNGs are read here.`);
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = rows.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? (row[x - channels] ?? 0) : 0;
      const b = up[x] ?? 0;
      const c = x >= channels ? (up[x - channels] ?? 0) : 0;
      const s = src[x] ?? 0;
      row[x] =
        filter === 0
          ? s
          : filter === 1
            ? s + a
            : filter === 2
              ? s + b
              : filter === 3
                ? s + ((a + b) >> 1)
                : s + paeth(a, b, c);
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const p = rows.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    rgba[i * 4] = p[0] ?? 0;
    rgba[i * 4 + 1] = (grey ? p[0] : p[1]) ?? 0;
    rgba[i * 4 + 2] = (grey ? p[0] : p[2]) ?? 0;
    rgba[i * 4 + 3] = (channels === 4 ? p[3] : channels === 2 ? p[1] : 255) ?? 255;
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** How many pixels lie within `tolerance` (per channel) of the colour `#rrggbb`. */
export function countColour(image: Pixels, hex: string, tolerance = 24): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    if (
      Math.abs((image.rgba[i] ?? 0) - (r ?? 0)) <= tolerance &&
      Math.abs((image.rgba[i + 1] ?? 0) - (g ?? 0)) <= tolerance &&
      Math.abs((image.rgba[i + 2] ?? 0) - (b ?? 0)) <= tolerance
    )
      count += 1;
  }
  return count;
}

/** The number of distinct colours (a blank page has one or two). */
export function distinctColours(image: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.rgba.length; i += 4) {
    seen.add(
      ((image.rgba[i] ?? 0) << 16) | ((image.rgba[i + 1] ?? 0) << 8) | (image.rgba[i + 2] ?? 0),
    );
  }
  return seen.size;
}
