import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Machine-made secrets (API keys, TKLBAM keys) carry 64 bits or more of randomness, so a plain SHA-256 is
 * enough to store them: no password stretching.
 */
export function sha256Hex(secret: string | Buffer): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret against its stored SHA-256 (hex). */
export function secretMatchesHash(secret: string | Buffer, storedHash: string): boolean {
  const presented = Buffer.from(sha256Hex(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
