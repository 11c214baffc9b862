import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from './base32';

describe(encodeBase32.name, () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as RFC 4648 without padding (%s)', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain))).toBe(encoded);
  });

  it('round-trips through decodeBase32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7, 8, 9]);
    expect(decodeBase32(encodeBase32(bytes), bytes.length)).toEqual(bytes);
  });
});
