import { describe, expect, it } from 'vitest';
import { DomainError } from '@landfall/common';
import { SESSION_POLICY_MAX_CHARS } from '@landfall/credentials';
import { buildAccountSessionPolicy } from './account-policy';

const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const BUCKETS = ['landfall-us-east-1', 'landfall-eu-west-1'];
const backup = (i: number) => `${ACCOUNT}/${String(i).padStart(8, '0')}-d9cb-469f-a165-70867728950e`;

describe(buildAccountSessionPolicy.name, () => {
  it("grants the account's prefix in exactly the buckets Landfall owns, and listing only below it", () => {
    const sut = JSON.parse(buildAccountSessionPolicy({ buckets: BUCKETS, accountId: ACCOUNT }));
    expect(sut.Statement[0].Resource).toEqual(BUCKETS.map((b) => `arn:aws:s3:::${b}/${ACCOUNT}/*`));
    expect(sut.Statement[1]).toMatchObject({
      Action: ['s3:ListBucket'],
      Resource: BUCKETS.map((b) => `arn:aws:s3:::${b}`),
      Condition: { StringLike: { 's3:prefix': [`${ACCOUNT}/*`, `${ACCOUNT}/`] } },
    });
    // HeadBucket (duplicity's first call): s3:ListBucket only when the request has no s3:prefix and no s3:max-keys.
    expect(sut.Statement[2]).toMatchObject({
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: BUCKETS.map((b) => `arn:aws:s3:::${b}`),
      Condition: { Null: { 's3:prefix': 'true', 's3:max-keys': 'true' } },
    });
    expect(sut.Statement).toHaveLength(3);
    expect(JSON.stringify(sut)).not.toMatch(/s3:\*|"\*"|:::[^"]*\*\//);
  });

  it('denies writes on each migrating prefix, and stays under the limit however many are migrating', () => {
    const few = JSON.parse(
      buildAccountSessionPolicy({
        buckets: BUCKETS,
        accountId: ACCOUNT,
        frozen: [{ bucket: BUCKETS[0], prefix: backup(1) }],
      }),
    );
    expect(few.Statement[3]).toMatchObject({ Effect: 'Deny', Resource: [`arn:aws:s3:::*/${backup(1)}/*`] });
    for (const n of [14, 15, 100, 1000]) {
      const frozen = Array.from({ length: n }, (_, i) => ({ bucket: BUCKETS[i % 2], prefix: backup(i) }));
      const text = buildAccountSessionPolicy({ buckets: BUCKETS, accountId: ACCOUNT, frozen });
      expect(text.length).toBeLessThanOrEqual(SESSION_POLICY_MAX_CHARS);
      if (n >= 100) {
        // Too many to list: the whole account is read-only until they are done.
        expect(JSON.parse(text).Statement[3].Resource).toEqual([`arn:aws:s3:::*/${ACCOUNT}/*`]);
      }
    }
  });

  it('refuses with a coded error a policy that cannot fit (too many buckets)', () => {
    const buckets = Array.from({ length: 40 }, (_, i) => `landfall-region-${i}`);
    let caught: unknown;
    try {
      buildAccountSessionPolicy({ buckets, accountId: ACCOUNT });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('CREDENTIALS.POLICY_TOO_LARGE');
  });

  it('refuses an account id or bucket name that could widen the grant', () => {
    expect(() => buildAccountSessionPolicy({ buckets: BUCKETS, accountId: '*' })).toThrow();
    expect(() => buildAccountSessionPolicy({ buckets: BUCKETS, accountId: `${ACCOUNT}/..` })).toThrow();
    expect(() => buildAccountSessionPolicy({ buckets: ['landfall-*'], accountId: ACCOUNT })).toThrow();
  });
});
