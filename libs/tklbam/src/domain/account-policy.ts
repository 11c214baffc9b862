import { DomainError } from '@landfall/common';
import { SESSION_POLICY_MAX_CHARS, prefixAccessStatements } from '@landfall/credentials';

/**
 * TKLBAM credentials are per account, not per backup (one `GET credentials/` serves every record of the account).
 * The prefix layout `<accountId>/<backupId>` keeps that one short policy whatever the number of backups: the account's
 * prefix in each bucket Landfall owns, named by its exact ARN (never a name wildcard: a bucket someone else made
 * whose name merely starts with the prefix must stay out of reach, issue 9).
 */
export interface AccountPolicyScope {
  /** Names of the buckets Landfall owns (its ready region buckets). */
  buckets: readonly string[];
  accountId: string;
  /** Backups of the account being migrated: read-only until their cut-over (an explicit Deny wins over the Allow). */
  frozen?: readonly { bucket: string; prefix: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const WRITES = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

/**
 * The account's session policy, always within the 2,048-character limit whatever is migrating: one Deny lists the
 * migrating prefixes (in any bucket: `*` in a Deny only refuses more); when that list would not fit, the Deny covers
 * the whole account instead (read-only until the migrations finish). Only a policy whose Allow part alone does not
 * fit (very many regions) is refused, with 503 `CREDENTIALS.POLICY_TOO_LARGE`.
 */
export function buildAccountSessionPolicy(scope: AccountPolicyScope): string {
  // A wildcard or separator in either part would widen the grant: refuse rather than escape.
  if (!UUID.test(scope.accountId)) throw new Error(`not an account id: ${scope.accountId}`);
  for (const b of scope.buckets) if (!BUCKET.test(b)) throw new Error(`not a bucket name: ${b}`);
  const frozen = scope.frozen ?? [];
  for (const f of frozen) {
    if (!f.prefix.startsWith(`${scope.accountId}/`) || /[*?]/.test(f.bucket + f.prefix)) {
      throw new Error(`not a prefix of account ${scope.accountId}: ${f.bucket}/${f.prefix}`);
    }
  }
  const allow = allowStatements(scope.buckets, scope.accountId);
  const render = (deny: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement:
        deny.length > 0
          ? [...allow, { Sid: 'MigratingReadOnly', Effect: 'Deny', Action: WRITES, Resource: deny }]
          : allow,
    });
  const candidates = [
    [...new Set(frozen.map((f) => `arn:aws:s3:::*/${f.prefix}/*`))],
    [`arn:aws:s3:::*/${scope.accountId}/*`],
  ];
  if (frozen.length === 0) candidates.unshift([]);
  for (const deny of candidates) {
    const text = render(deny);
    if (text.length <= SESSION_POLICY_MAX_CHARS) return text;
  }
  throw new DomainError(
    'unavailable',
    'CREDENTIALS.POLICY_TOO_LARGE',
    `The account's credential policy for ${scope.buckets.length} buckets exceeds what STS accepts`,
    { retryAfterSeconds: 300 },
  );
}

function allowStatements(buckets: readonly string[], accountId: string): object[] {
  if (buckets.length === 0) return [];
  return [
    ...prefixAccessStatements('Account', buckets, accountId),
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
      Resource: buckets.map((b) => `arn:aws:s3:::${b}`),
      Condition: { Null: { 's3:prefix': 'true', 's3:max-keys': 'true' } },
    },
  ];
}
