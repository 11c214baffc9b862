import { createHash, randomBytes } from 'node:crypto';
import { decodeBase32, encodeBase32, secretMatchesHash, sha256Hex } from '@landfall/common';

/**
 * TKLBAM API keys, as the agent parses them (`is_valid_apikey` in cmd_init.py, `APIKey` in dummyhub.py): base32 of a
 * 4-byte big-endian user id followed by an 8-byte secret, without padding and with leading `A`s (zero bits) stripped,
 * so at most 20 characters. Subkeys have the same shape: the same user id and a secret derived from the key's.
 */
export interface TklbamKey {
  uid: number;
  secret: Buffer;
}

const ENCODED_LENGTH = 20;
const SECRET_BYTES = 8;
export const MAX_TKLBAM_UID = 0xffffffff;
/** The namespace the agent's reference hub (dummyhub.py `Backups.SUBKEY_NS`) derives subkeys in. */
const SUBKEY_NAMESPACE = 'tklbam';

export function formatTklbamKey(key: TklbamKey): string {
  if (!Number.isInteger(key.uid) || key.uid < 0 || key.uid > MAX_TKLBAM_UID) {
    throw new RangeError(`TKLBAM user id out of range: ${key.uid}`);
  }
  if (key.secret.length !== SECRET_BYTES) throw new RangeError('a TKLBAM key secret is 8 bytes');
  const packed = Buffer.alloc(4 + SECRET_BYTES);
  packed.writeUInt32BE(key.uid, 0);
  key.secret.copy(packed, 4);
  return encodeBase32(packed).replace(/^A+/, '');
}

/** Null unless the text is what the agent itself would accept (upper-case base32, at most 20 characters). */
export function parseTklbamKey(text: string): TklbamKey | null {
  if (!/^[A-Z2-7]{1,20}$/.test(text)) return null;
  const bytes = decodeBase32(text.padStart(ENCODED_LENGTH, 'A'), 4 + SECRET_BYTES);
  return { uid: bytes.readUInt32BE(0), secret: bytes.subarray(4, 4 + SECRET_BYTES) };
}

export function mintTklbamKey(uid: number, random: (size: number) => Buffer = randomBytes): TklbamKey {
  return { uid, secret: random(SECRET_BYTES) };
}

/** `APIKey.subkey(namespace)` of the agent's reference hub: same uid, secret = SHA-1(namespace + secret)[:8]. */
export function deriveSubkey(key: TklbamKey): TklbamKey {
  const secret = createHash('sha1')
    .update(Buffer.concat([Buffer.from(SUBKEY_NAMESPACE, 'utf8'), key.secret]))
    .digest()
    .subarray(0, SECRET_BYTES);
  return { uid: key.uid, secret };
}

/** What is stored of a secret (key or subkey): 64 random bits, so a plain SHA-256 is enough. */
export function hashTklbamSecret(secret: Buffer): string {
  return sha256Hex(secret);
}

export function tklbamSecretMatches(secret: Buffer, storedHash: string): boolean {
  return secretMatchesHash(secret, storedHash);
}
