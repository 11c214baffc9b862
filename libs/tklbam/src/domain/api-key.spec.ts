import { describe, expect, it } from 'vitest';
import {
  deriveSubkey,
  formatTklbamKey,
  parseTklbamKey,
  tklbamSecretMatches,
  hashTklbamSecret,
} from './api-key';

// Vectors computed with the agent's own algorithm (dummyhub.py APIKey.generate / subkey, cmd_init.is_valid_apikey).
const VECTORS = [
  { uid: 1, secret: '0001020304050607', key: 'IAAEBAGBAFAYDQ', subkey: 'LUK2RTJIMX5NFQ' },
  { uid: 123456, secret: 'ffffffffffffffff', key: '6EQH777777777777Q', subkey: '6EQB4XS65RPPPPA4Q' },
  { uid: 7, secret: '0000000000000000', key: 'BYAAAAAAAAAAAAA', subkey: 'B4SGK4YT463U54A' },
];

describe('TKLBAM API keys', () => {
  it.each(VECTORS)('formats uid $uid as the agent does, leading As stripped', (v) => {
    expect(formatTklbamKey({ uid: v.uid, secret: Buffer.from(v.secret, 'hex') })).toBe(v.key);
  });

  it.each(VECTORS)('parses $key back to its uid and secret', (v) => {
    const sut = parseTklbamKey(v.key)!;
    expect(sut.uid).toBe(v.uid);
    expect(sut.secret.toString('hex')).toBe(v.secret);
  });

  it.each(VECTORS)('derives the subkey of uid $uid like dummyhub (SHA-1 of "tklbam" + secret)', (v) => {
    const subkey = deriveSubkey({ uid: v.uid, secret: Buffer.from(v.secret, 'hex') });
    expect(formatTklbamKey(subkey)).toBe(v.subkey);
  });

  it('refuses what the agent would refuse: lower case, non-base32, longer than 20, empty', () => {
    for (const text of ['iaaebagbafaydq', 'IAAEB0GBAFAYDQ', 'A'.repeat(21), '', 'IAAE BAGB', 'IAAE=']) {
      expect(parseTklbamKey(text)).toBeNull();
    }
  });

  it('compares secrets by hash', () => {
    const secret = Buffer.from('0001020304050607', 'hex');
    expect(tklbamSecretMatches(secret, hashTklbamSecret(secret))).toBe(true);
    expect(tklbamSecretMatches(Buffer.alloc(8), hashTklbamSecret(secret))).toBe(false);
  });
});
