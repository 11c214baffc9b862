import { describe, expect, it } from 'vitest';
import { secretMatchesHash, sha256Hex } from './secret-hash';

describe(secretMatchesHash.name, () => {
  it('accepts the secret whose hash is stored, as text or bytes', () => {
    expect(secretMatchesHash('s3cret', sha256Hex('s3cret'))).toBe(true);
    expect(secretMatchesHash(Buffer.from('s3cret'), sha256Hex('s3cret'))).toBe(true);
  });

  it('refuses another secret, and a stored hash of the wrong length', () => {
    expect(secretMatchesHash('s3cret!', sha256Hex('s3cret'))).toBe(false);
    expect(secretMatchesHash('s3cret', sha256Hex('s3cret').slice(0, 10))).toBe(false);
  });
});
