import { describe, expect, it } from 'vitest';
import { acceptedEncodings } from '../../src/room/http/web-assets.js';

describe('acceptedEncodings', () => {
  it('prefers brotli, then gzip, whatever order the browser lists them in', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('br')).toEqual(['br']);
  });

  it('drops an encoding the request refuses with q=0', () => {
    expect(acceptedEncodings('gzip;q=1, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('br; q=0.0, gzip; q=0.5')).toEqual(['gzip']);
  });

  it('takes * for the encodings not named, and nothing from identity or an empty header', () => {
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip;q=0, *')).toEqual(['br']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings('')).toEqual([]);
  });

  it('reads names case-insensitively', () => {
    expect(acceptedEncodings('GZIP, BR')).toEqual(['br', 'gzip']);
  });
});
