import { describe, expect, it } from 'vitest';
import { hashSecret, mintApiKey, parseApiKey, secretMatches } from './api-key';

describe(mintApiKey.name, () => {
  it('mints a key whose plaintext parses back to the same prefix and kind', () => {
    const sut = mintApiKey('appliance');
    const parsed = parseApiKey(sut.plaintext);
    expect(parsed).toMatchObject({ kind: 'appliance', prefix: sut.prefix });
    expect(secretMatches(parsed!.secret, sut.secretHash)).toBe(true);
  });

  it('never stores the secret: the hash is not the secret and differs per key', () => {
    const a = mintApiKey('admin');
    const b = mintApiKey('admin');
    expect(a.plaintext).not.toContain(a.secretHash);
    expect(a.secretHash).not.toBe(b.secretHash);
    expect(a.prefix).not.toBe(b.prefix);
  });

  it('carries at least 128 bits of secret', () => {
    const parsed = parseApiKey(mintApiKey('admin').plaintext)!;
    expect(Buffer.from(parsed.secret, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });
});

describe(parseApiKey.name, () => {
  it.each([
    '',
    'lf_adm_short_x',
    'lf_xxx_abcdefghijkl_' + 'a'.repeat(43),
    'Bearer something',
    'lf_app_ABCDEFGHIJKL_' + 'a'.repeat(43),
  ])('rejects %j', (input) => expect(parseApiKey(input)).toBeNull());
});

describe(secretMatches.name, () => {
  it('rejects a wrong secret and a malformed stored hash', () => {
    const stored = hashSecret('right');
    expect(secretMatches('wrong', stored)).toBe(false);
    expect(secretMatches('right', 'abc')).toBe(false);
    expect(secretMatches('right', stored)).toBe(true);
  });
});
