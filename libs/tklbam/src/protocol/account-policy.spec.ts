import { describe, expect, it } from 'vitest';
import { SESSION_POLICY_MAX_CHARS } from '@landfall/credentials';
import { sharedBucketName } from '@landfall/backups';
import { buildAccountSessionPolicy } from './account-policy';

const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe(buildAccountSessionPolicy.name, () => {
  it("grants the account's prefix in every Landfall bucket, and listing only below it", () => {
    const sut = JSON.parse(buildAccountSessionPolicy({ bucketPrefix: 'landfall', accountId: ACCOUNT }));
    expect(sut.Statement[0].Resource).toEqual([`arn:aws:s3:::landfall-*/${ACCOUNT}/*`]);
    expect(sut.Statement[1]).toMatchObject({
      Action: ['s3:ListBucket'],
      Resource: ['arn:aws:s3:::landfall-*'],
      Condition: { StringLike: { 's3:prefix': [`${ACCOUNT}/*`, `${ACCOUNT}/`] } },
    });
    // HeadBucket (duplicity's first call): s3:ListBucket only when the request has no s3:prefix and no s3:max-keys.
    expect(sut.Statement[2]).toMatchObject({
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: ['arn:aws:s3:::landfall-*'],
      Condition: { Null: { 's3:prefix': 'true', 's3:max-keys': 'true' } },
    });
    expect(sut.Statement).toHaveLength(3);
    expect(JSON.stringify(sut)).not.toMatch(/s3:\*|"\*"|:::\*/);
  });

  it('names the buckets sharedBucketName makes, however long the prefix', () => {
    for (const prefix of ['landfall', 'a'.repeat(31), 'x-y']) {
      const pattern = `${prefix}-`;
      expect(sharedBucketName(prefix, 'ap-southeast-2').startsWith(pattern)).toBe(true);
      expect(buildAccountSessionPolicy({ bucketPrefix: prefix, accountId: ACCOUNT })).toContain(
        `:::${pattern}*/`,
      );
    }
  });

  it('stays far below the session-policy limit', () => {
    const longest = buildAccountSessionPolicy({ bucketPrefix: 'a'.repeat(31), accountId: ACCOUNT });
    expect(longest.length).toBeLessThan(SESSION_POLICY_MAX_CHARS / 2);
  });

  it('refuses an account id that could widen the grant', () => {
    expect(() => buildAccountSessionPolicy({ bucketPrefix: 'landfall', accountId: '*' })).toThrow();
    expect(() =>
      buildAccountSessionPolicy({ bucketPrefix: 'landfall', accountId: `${ACCOUNT}/..` }),
    ).toThrow();
  });
});
