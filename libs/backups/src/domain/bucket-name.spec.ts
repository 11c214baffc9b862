import { describe, expect, it } from 'vitest';
import { backupPrefix, sharedBucketName } from './bucket-name';

describe(sharedBucketName.name, () => {
  it('joins prefix and region', () => {
    expect(sharedBucketName('landfall', 'eu-west-1')).toBe('landfall-eu-west-1');
  });

  it('is deterministic and always a valid, dot-free S3 name', () => {
    const long = sharedBucketName('a'.repeat(31), 'ap-southeast-very-long-region-name-1');
    expect(long).toBe(sharedBucketName('a'.repeat(31), 'ap-southeast-very-long-region-name-1'));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9][a-z0-9-]+[a-z0-9]$/);
    expect(long).toMatch(/-[0-9a-f]{8}$/);
  });

  it('keeps two long names that differ only at the end apart', () => {
    const prefix = 'p'.repeat(31);
    expect(sharedBucketName(prefix, `${'r'.repeat(40)}-1`)).not.toBe(
      sharedBucketName(prefix, `${'r'.repeat(40)}-2`),
    );
  });
});

describe(backupPrefix.name, () => {
  it('puts the account first, so one policy can later cover */<accountId>/*', () => {
    expect(backupPrefix('acc', 'bak')).toBe('acc/bak');
  });
});
