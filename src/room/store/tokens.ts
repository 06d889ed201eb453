import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../protocol/protocol.js';

/** The roles a session token can grant, in the order tokens are checked. */
export const TOKEN_ROLES = [
  'interviewer',
  'candidate',
  'observer',
] as const satisfies readonly Role[];

/** A fresh secret token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The form a session token is stored in: its SHA-256, hex. A slow password hash (scrypt, argon2)
 * exists to make guessing a low-entropy password expensive; a token is 256 random bits, so nobody
 * can guess it from its hash whatever the speed, and one SHA-256 keeps every upgrade and API call
 * cheap. Whoever reads `session.json` learns hashes that open nothing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * True when a presented token hashes to the stored hash. The digests are compared with
 * `timingSafeEqual`, so the time taken says nothing about how much of them matched; a stored hash
 * that is not 64 hex digits matches nothing.
 */
export function tokenMatchesHash(presented: string | null | undefined, hash: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const expected = /^[0-9a-f]{64}$/.test(hash) ? Buffer.from(hash, 'hex') : null;
  const actual = createHash('sha256').update(presented).digest();
  return timingSafeEqual(actual, expected ?? Buffer.alloc(32)) && expected !== null;
}

/** The role a token grants, given a session's stored hashes; every hash is checked. */
export function roleOfToken(
  hashes: Record<Role, string>,
  presented: string | null | undefined,
): Role | undefined {
  const matches = TOKEN_ROLES.filter((role) => tokenMatchesHash(presented, hashes[role]));
  return matches[0];
}

/**
 * Compares a presented token with the expected one (the server token, held in memory) in constant
 * time. Both sides are hashed first so the comparison never leaks the expected length either.
 */
export function tokensMatch(presented: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(presented ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && typeof presented === 'string' && presented.length > 0;
}
