import { describe, expect, it } from 'vitest';
import { BUCKET_POLICY_MAX_CHARS, landfallBucketPolicy } from './bucket-policy';

const ROLE = 'arn:aws:iam:::role/TenantWriter';
const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe(landfallBucketPolicy.name, () => {
  it('grants the owner, refuses sharing ACLs and grants, and denies revoked prefixes by token issue time', () => {
    const sut = JSON.parse(
      landfallBucketPolicy({
        bucket: 'lf-us-east-1',
        ownerArn: 'arn:aws:iam:::user/hub',
        tenantRoleArn: ROLE,
        requireTls: false,
        revocations: [{ prefix: ACCOUNT, revokedAt: new Date('2026-12-01T10:00:00.250Z') }],
      }),
    );
    const sids = sut.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).toEqual([
      'OwnerReadsTenantObjects',
      'NoSharingCannedAcl',
      'NoGrantread',
      'NoGrantwrite',
      'NoGrantreadacp',
      'NoGrantwriteacp',
      'NoGrantfullcontrol',
      'NoObjectAcl',
      'Revoked0',
      'RevokedListing0',
    ]);
    expect(sut.Statement[1].Condition.StringEquals['s3:x-amz-acl']).toContain('public-read');
    expect(sut.Statement[1].Condition.StringEquals['s3:x-amz-acl']).not.toContain('private');
    expect(sut.Statement[8]).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: [ROLE] },
      Resource: [`arn:aws:s3:::lf-us-east-1/${ACCOUNT}/*`],
      // Rounded up: a credential issued in the revocation's own second is refused too.
      Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-12-01T10:00:01Z' } },
    });
  });

  it('adds the TLS-only statement when asked', () => {
    const sut = landfallBucketPolicy({ bucket: 'b-x', requireTls: true, revocations: [] });
    expect(sut).toContain('"aws:SecureTransport":"false"');
  });

  it('stays under the bucket-policy limit however many revocations, refusing more rather than less', () => {
    const revocations = Array.from({ length: 500 }, (_, i) => ({
      prefix: `${ACCOUNT}/${String(i).padStart(8, '0')}-d9cb-469f-a165-70867728950e`.slice(0, 73),
      revokedAt: new Date(Date.UTC(2026, 11, 1, 0, 0, i)),
    }));
    const text = landfallBucketPolicy({
      bucket: 'lf-x',
      tenantRoleArn: ROLE,
      requireTls: false,
      revocations,
    });
    expect(text.length).toBeLessThanOrEqual(BUCKET_POLICY_MAX_CHARS);
    const denied = JSON.parse(text)
      .Statement.filter((s: { Sid: string }) => /^Revoked\d/.test(s.Sid))
      .flatMap((s: { Resource: string[] }) => s.Resource);
    // 500 backups of one account: the whole account is denied for sessions issued before the latest revocation.
    expect(denied).toEqual([`arn:aws:s3:::lf-x/${ACCOUNT}/*`]);
  });

  it('refuses a prefix that could widen the Deny or break out of the policy', () => {
    expect(() =>
      landfallBucketPolicy({
        bucket: 'b-x',
        tenantRoleArn: ROLE,
        requireTls: false,
        revocations: [{ prefix: '*', revokedAt: new Date() }],
      }),
    ).toThrow();
  });
});
