import { DomainError } from '@landfall/common';

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

interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** True when trying again later may succeed: the store is down, slow, or throttling us. */
export function isTransientStorageFailure(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  if (!e) return false;
  const name = e.name ?? e.Code ?? '';
  const status = e.$metadata?.httpStatusCode;
  return (
    THROTTLING.has(name) ||
    NETWORK.has(name) ||
    NETWORK.has(e.code ?? '') ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (status === undefined && e.$retryable !== undefined)
  );
}

export function storageUnavailable(operation: string, cause: unknown): DomainError {
  return new DomainError(
    'unavailable',
    'STORAGE.UNAVAILABLE',
    `Object storage is unavailable (${operation}); retry later`,
    {
      retryAfterSeconds: 5,
      cause,
    },
  );
}

const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

/**
 * The provider does not implement a feature at all (501 NotImplemented, MethodNotAllowed). A 400 such as
 * `InvalidArgument` or `InvalidRequest` is NOT this: it means the request was refused (a malformed or unacceptable
 * policy), and skipping it would leave a bucket silently unhardened.
 */
export function isUnsupportedByProvider(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  const status = e?.$metadata?.httpStatusCode;
  return UNSUPPORTED.has(e?.name ?? e?.Code ?? '') || status === 501;
}

/**
 * Default encryption only: Ceph 16 without an SSE-S3 key backend answers PutBucketEncryption with 400
 * InvalidArgument. That one step may treat it as "not available here" (recorded on the bucket).
 */
export function isEncryptionUnavailable(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  return isUnsupportedByProvider(error) || (e?.name ?? e?.Code) === 'InvalidArgument';
}
