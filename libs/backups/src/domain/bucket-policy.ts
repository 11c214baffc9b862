/** AWS caps a bucket policy at 20 KB; Landfall keeps its own under this (revocations are merged to fit). */
export const BUCKET_POLICY_MAX_CHARS = 20_000;

/** Canned ACLs that grant someone other than the writer and the bucket owner. */
const GRANTING_CANNED_ACLS = [
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'log-delivery-write',
];
const GRANT_HEADERS = ['read', 'write', 'read-acp', 'write-acp', 'full-control'];

/** Credentials issued before `revokedAt` may no longer touch objects under `prefix`. */
export interface PrefixRevocation {
  /** `<accountId>` or `<accountId>/<backupId>`, without a trailing slash. */
  prefix: string;
  revokedAt: Date;
}

export interface BucketPolicyInput {
  bucket: string;
  /** The bucket owner's principal: objects written by tenant sessions belong to the broker on Ceph. */
  ownerArn?: string;
  /** The tenant role: its sessions are the principals revocations apply to. */
  tenantRoleArn?: string;
  requireTls: boolean;
  revocations: readonly PrefixRevocation[];
}

/**
 * Landfall's whole policy for one of its buckets, rebuilt from scratch each time (never merged with what is there):
 * - the owner may read what tenant sessions wrote (on Ceph those objects are owned by the broker user);
 * - nobody may write an object with an ACL or grant that shares it, or change an object's ACL afterwards (Ceph
 *   accepts `x-amz-acl: public-read` from a session whose policy allows PutObject);
 * - optionally, nothing over plain HTTP;
 * - tenant-role sessions issued before a revocation may not touch the revoked prefix (`aws:TokenIssueTime`, which
 *   Ceph 16 evaluates in bucket policies as AWS does).
 * Condition shapes are the ones that hold on Ceph 16 (docs/adr/0009-gateway-identities.md): `StringLike "*"` for
 * "header present" (its `Null` operator matches an absent key whatever its value) and `StringEquals` on the canned ACL (it has a value even
 * when the header is absent).
 */
export function landfallBucketPolicy(input: BucketPolicyInput): string {
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  const objects = `${bucketArn}/*`;
  const base: object[] = [];
  if (input.ownerArn) {
    base.push({
      Sid: 'OwnerReadsTenantObjects',
      Effect: 'Allow',
      Principal: { AWS: [input.ownerArn] },
      Action: ['s3:*'],
      Resource: [bucketArn, objects],
    });
  }
  base.push({
    Sid: 'NoSharingCannedAcl',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:PutObject'],
    Resource: [objects],
    Condition: { StringEquals: { 's3:x-amz-acl': GRANTING_CANNED_ACLS } },
  });
  for (const grant of GRANT_HEADERS) {
    base.push({
      Sid: `NoGrant${grant.replace(/-/g, '')}`,
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:PutObject'],
      Resource: [objects],
      Condition: { StringLike: { [`s3:x-amz-grant-${grant}`]: '*' } },
    });
  }
  base.push({
    Sid: 'NoObjectAcl',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:PutObjectAcl', 's3:PutObjectVersionAcl'],
    Resource: [objects],
  });
  if (input.requireTls) {
    base.push({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: [bucketArn, objects],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  }
  const groups = groupRevocations(input.revocations);
  const latest = groups.at(-1)?.revokedAt;
  const all = groups.flatMap((g) => g.prefixes);
  // Each fallback refuses more (never less): one time for all prefixes, then whole accounts, then the whole bucket.
  const candidates: RevocationGroup[][] = [groups];
  if (latest) {
    candidates.push([{ revokedAt: latest, prefixes: [...new Set(all)].sort() }]);
    candidates.push([{ revokedAt: latest, prefixes: [...new Set(all.map((p) => p.split('/')[0]))].sort() }]);
    candidates.push([{ revokedAt: latest, prefixes: [''] }]);
  }
  let text = '';
  for (const candidate of candidates) {
    const statements = input.tenantRoleArn
      ? revocationStatements(candidate, input.tenantRoleArn, input.bucket)
      : [];
    text = JSON.stringify({ Version: '2012-10-17', Statement: [...base, ...statements] });
    if (text.length <= BUCKET_POLICY_MAX_CHARS) return text;
  }
  return text;
}

interface RevocationGroup {
  revokedAt: Date;
  prefixes: string[];
}

function groupRevocations(revocations: readonly PrefixRevocation[]): RevocationGroup[] {
  const bySecond = new Map<number, Set<string>>();
  for (const r of revocations) {
    if (!/^[0-9a-f-]+(\/[0-9a-f-]+)?$/i.test(r.prefix)) throw new Error(`not a Landfall prefix: ${r.prefix}`);
    // Round up to the next second: a credential issued in the same second as the revocation is refused too.
    const second = Math.ceil(r.revokedAt.getTime() / 1000) * 1000;
    const set = bySecond.get(second) ?? new Set<string>();
    set.add(r.prefix);
    bySecond.set(second, set);
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, prefixes]) => ({ revokedAt: new Date(second), prefixes: [...prefixes].sort() }));
}

function revocationStatements(groups: RevocationGroup[], roleArn: string, bucket: string): object[] {
  return groups.flatMap((g, i) => {
    const issuedBefore = {
      DateLessThan: { 'aws:TokenIssueTime': g.revokedAt.toISOString().replace('.000', '') },
    };
    return [
      {
        Sid: `Revoked${i}`,
        Effect: 'Deny',
        Principal: { AWS: [roleArn] },
        Action: ['s3:*'],
        Resource: g.prefixes.map((p) => (p ? `arn:aws:s3:::${bucket}/${p}/*` : `arn:aws:s3:::${bucket}/*`)),
        Condition: issuedBefore,
      },
      {
        Sid: `RevokedListing${i}`,
        Effect: 'Deny',
        Principal: { AWS: [roleArn] },
        Action: ['s3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`],
        Condition: {
          ...issuedBefore,
          StringLike: { 's3:prefix': g.prefixes.map((p) => (p ? `${p}/*` : '*')) },
        },
      },
    ];
  });
}
