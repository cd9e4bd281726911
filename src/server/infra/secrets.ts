import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token of 256 bits, URL-safe. Only its hash is ever stored. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 of a high-entropy token (sessions, API tokens, reset links); not for passwords. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
