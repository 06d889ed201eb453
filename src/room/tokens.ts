import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret token: 32 random bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a presented token with the expected one in constant time. Both sides are hashed first so
 * the comparison never leaks the expected length either.
 */
export function tokensMatch(presented: string | null | undefined, expected: string): boolean {
  const a = createHash('sha256')
    .update(presented ?? '')
    .digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && typeof presented === 'string' && presented.length > 0;
}
