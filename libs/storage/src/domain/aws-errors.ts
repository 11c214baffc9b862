/**
 * One reading of AWS SDK errors (S3 and STS alike), by shape only: callers branch on what a failure means, never
 * on SDK classes.
 */
interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const THROTTLING = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequests',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'TimeoutError',
]);
const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

/** The HTTP status the service answered with, if it answered. */
export function awsHttpStatus(error: unknown): number | undefined {
  return (error as SdkLikeError | null)?.$metadata?.httpStatusCode;
}

/** The error's name (`NoSuchKey`, `PreconditionFailed`, …), or its `Code` when the SDK only parsed that. */
export function awsErrorName(error: unknown): string {
  const e = error as SdkLikeError | null;
  return e?.name ?? e?.Code ?? '';
}

/** True when trying again later may succeed: the service is down, slow, or throttling us. */
export function isTransientAwsFailure(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  if (!e) return false;
  const name = awsErrorName(e);
  const status = awsHttpStatus(e);
  return (
    THROTTLING.has(name) ||
    NETWORK.has(name) ||
    NETWORK.has(e.code ?? '') ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (status === undefined && e.$retryable !== undefined)
  );
}

/**
 * The provider does not implement a feature at all (501 NotImplemented, MethodNotAllowed). A 400 such as
 * `InvalidArgument` or `InvalidRequest` is NOT this: it means the request was refused (a malformed or unacceptable
 * policy), and skipping it would leave a bucket silently unhardened.
 */
export function isUnsupportedByProvider(error: unknown): boolean {
  return UNSUPPORTED.has(awsErrorName(error)) || awsHttpStatus(error) === 501;
}

/** Strictly "501 Not Implemented" (an operation the endpoint lacks, e.g. s3rver's ListMultipartUploads). */
export function isNotImplemented(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  return awsHttpStatus(e) === 501 || e?.name === 'NotImplemented' || e?.Code === 'NotImplemented';
}
