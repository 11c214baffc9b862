/** RFC 4648 base32 (upper-case alphabet, no padding): the last group's spare bits are zero. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function encodeBase32(bytes: Uint8Array): string {
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

/**
 * Decodes upper-case base32 into `byteLength` bytes; bits past them are ignored, as Python's b32decode does.
 * The caller has checked the alphabet (a character outside it decodes as 31).
 */
export function decodeBase32(text: string, byteLength: number): Buffer {
  const out = Buffer.alloc(byteLength);
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
