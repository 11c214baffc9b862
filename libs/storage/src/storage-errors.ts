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

const UNSUPPORTED = new Set(['NotImplemented', 'InvalidArgument', 'InvalidRequest', 'MethodNotAllowed']);

/** The provider does not implement (or rejects the shape of) an optional feature: Ceph 16 and bucket encryption. */
export function isUnsupportedByProvider(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  const status = e?.$metadata?.httpStatusCode;
  return UNSUPPORTED.has(e?.name ?? e?.Code ?? '') || status === 501;
}
