/** AWS packs the session policy and caps it; 2,048 plain characters is the documented limit. */
export const SESSION_POLICY_MAX_CHARS = 2048;

export class SessionPolicyTooLargeError extends Error {
  readonly code = 'CREDENTIALS.POLICY_TOO_LARGE';
  constructor(readonly length: number) {
    super(`Session policy is ${length} characters; STS accepts at most ${SESSION_POLICY_MAX_CHARS}`);
    this.name = 'SessionPolicyTooLargeError';
  }
}

export interface PolicyScope {
  bucket: string;
  /** `<accountId>/<backupId>`, without a trailing slash. */
  prefix: string;
}

/** What a holder may do with the objects under its prefix. */
const OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/**
 * The two statements every Landfall session policy grants (per backup here, per account for TKLBAM): read, write,
 * delete and multipart uploads of the objects under `<bucket>/<prefix>/`, and listing each bucket only below that
 * prefix. `name` prefixes their Sids (`<name>Objects`, `<name>Listing`).
 */
export function prefixAccessStatements(name: string, buckets: readonly string[], prefix: string): object[] {
  return [
    {
      Sid: `${name}Objects`,
      Effect: 'Allow',
      Action: OBJECT_ACTIONS,
      Resource: buckets.map((b) => `arn:aws:s3:::${b}/${prefix}/*`),
    },
    {
      Sid: `${name}Listing`,
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: buckets.map((b) => `arn:aws:s3:::${b}`),
      Condition: { StringLike: { 's3:prefix': [`${prefix}/*`, `${prefix}/`] } },
    },
  ];
}

/**
 * The inline session policy narrowing the role to one backup: objects under `<bucket>/<prefix>/` may be read,
 * written, deleted and uploaded in parts; the bucket may be listed only below that prefix.
 */
export function buildSessionPolicy(scope: PolicyScope): string {
  const policy = {
    Version: '2012-10-17',
    Statement: prefixAccessStatements('Backup', [scope.bucket], scope.prefix),
  };
  const text = JSON.stringify(policy);
  if (text.length > SESSION_POLICY_MAX_CHARS) throw new SessionPolicyTooLargeError(text.length);
  return text;
}
