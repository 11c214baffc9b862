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

/**
 * The inline session policy narrowing the role to one backup: objects under `<bucket>/<prefix>/` may be read,
 * written, deleted and uploaded in parts; the bucket may be listed only below that prefix.
 */
export function buildSessionPolicy(scope: PolicyScope): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'BackupObjects',
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        Resource: [`arn:aws:s3:::${scope.bucket}/${scope.prefix}/*`],
      },
      {
        Sid: 'BackupListing',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:aws:s3:::${scope.bucket}`],
        Condition: { StringLike: { 's3:prefix': [`${scope.prefix}/*`, `${scope.prefix}/`] } },
      },
    ],
  };
  const text = JSON.stringify(policy);
  if (text.length > SESSION_POLICY_MAX_CHARS) throw new SessionPolicyTooLargeError(text.length);
  return text;
}
