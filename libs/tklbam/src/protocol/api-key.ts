import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TKLBAM API keys, as the agent parses them (`is_valid_apikey` in cmd_init.py, `APIKey` in dummyhub.py): base32 of a
 * 4-byte big-endian user id followed by an 8-byte secret, without padding and with leading `A`s (zero bits) stripped,
 * so at most 20 characters. Subkeys have the same shape: the same user id and a secret derived from the key's.
 */
export interface TklbamKey {
  uid: number;
  secret: Buffer;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
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
  return base32(packed).replace(/^A+/, '');
}

/** Null unless the text is what the agent itself would accept (upper-case base32, at most 20 characters). */
export function parseTklbamKey(text: string): TklbamKey | null {
  if (!/^[A-Z2-7]{1,20}$/.test(text)) return null;
  const bytes = unbase32(text.padStart(ENCODED_LENGTH, 'A'));
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
  return createHash('sha256').update(secret).digest('hex');
}

export function tklbamSecretMatches(secret: Buffer, storedHash: string): boolean {
  const presented = Buffer.from(hashTklbamSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes 20 characters into 12 bytes; the 4 trailing bits are ignored, as Python's b32decode does. */
function unbase32(text: string): Buffer {
  const out = Buffer.alloc(4 + SECRET_BYTES);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = ((value << 5) | ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8 && index < out.length) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}
