/**
 * TKLBAM credentials are per account, not per backup (one `GET credentials/` serves every record of the account).
 * The prefix layout `<accountId>/<backupId>` keeps that one short policy whatever the number of backups: the account's
 * prefix in every Landfall bucket, named by a wildcard on the bucket prefix. So the policy never changes when the
 * account gains a record or a backup moves region, and credentials fetched before `record/create` already cover it.
 */
export interface AccountPolicyScope {
  /** `BUCKET_PREFIX`; Landfall's buckets are `<prefix>-<region>`. */
  bucketPrefix: string;
  accountId: string;
  /** Backups of the account being migrated: read-only until their cut-over (an explicit Deny wins over the Allow). */
  frozen?: readonly { bucket: string; prefix: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function buildAccountSessionPolicy(scope: AccountPolicyScope): string {
  // A wildcard or separator in either part would widen the grant: refuse rather than escape.
  if (!UUID.test(scope.accountId)) throw new Error(`not an account id: ${scope.accountId}`);
  const buckets = `${bucketNameStem(scope.bucketPrefix)}-*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountObjects',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        Resource: [`arn:aws:s3:::${buckets}/${scope.accountId}/*`],
      },
      {
        Sid: 'AccountListing',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:aws:s3:::${buckets}`],
        Condition: { StringLike: { 's3:prefix': [`${scope.accountId}/*`, `${scope.accountId}/`] } },
      },
      {
        // Duplicity's S3 backends start with HeadBucket (and create the bucket when it fails), which S3 and Ceph
        // authorise as s3:ListBucket on the bucket, with no s3:prefix in the request context: the statement above
        // cannot allow it. This one allows s3:ListBucket only when the context has neither s3:prefix nor
        // s3:max-keys. Ceph RGW puts s3:max-keys into the context of every listing (RGWListBucket), so there it
        // allows HeadBucket and no listing at all (test/tklbam/duplicity.e2e-spec.ts lists as an attacker would).
        // AWS sets s3:max-keys only when the request carries max-keys: see docs/tklbam.md.
        Sid: 'AccountBucketExists',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:aws:s3:::${buckets}`],
        Condition: { Null: { 's3:prefix': 'true', 's3:max-keys': 'true' } },
      },
      ...frozenStatement(scope),
    ],
  });
}

function frozenStatement(scope: AccountPolicyScope): object[] {
  const frozen = scope.frozen ?? [];
  if (frozen.length === 0) return [];
  for (const f of frozen) {
    if (!f.prefix.startsWith(`${scope.accountId}/`) || /[*?]/.test(f.bucket + f.prefix)) {
      throw new Error(`not a prefix of account ${scope.accountId}: ${f.bucket}/${f.prefix}`);
    }
  }
  return [
    {
      Sid: 'MigratingReadOnly',
      Effect: 'Deny',
      Action: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      Resource: frozen.map((f) => `arn:aws:s3:::${f.bucket}/${f.prefix}/*`),
    },
  ];
}

/** The bucket prefix as shared bucket names spell it (see sharedBucketName in libs/backups). */
function bucketNameStem(bucketPrefix: string): string {
  const stem = bucketPrefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(stem)) throw new Error(`unusable bucket prefix: ${bucketPrefix}`);
  return stem;
}
