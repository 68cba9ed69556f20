import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Shortest API token accepted (a generated one is 43 characters: 32 random bytes, base64url). */
export const MIN_TOKEN_LENGTH = 32;

/** Returns a new random token: 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The form a token is stored in (users' tokens are never stored themselves): SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
