import { createHmac, timingSafeEqual } from 'node:crypto';

/** Prefix of a record's signature: the algorithm, so a later kit can change it. */
const SCHEME = 'hmac-sha256:';

/** JSON with object keys sorted at every level: the same record always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The signature of a record (every field but `signature` itself). */
export function signRecord(record: object, key: Buffer): string {
  const { signature: _ignored, ...fields } = record as { signature?: unknown };
  return SCHEME + createHmac('sha256', key).update(canonicalJson(fields)).digest('hex');
}

/** Whether a record's `signature` field is what this key gives for its other fields. */
export function hasValidSignature(record: { signature?: unknown }, key: Buffer): boolean {
  if (typeof record.signature !== 'string') return false;
  const expected = Buffer.from(signRecord(record, key));
  const given = Buffer.from(record.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
