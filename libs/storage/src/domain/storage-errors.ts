import { DomainError } from '@landfall/common';
import { awsErrorName, isUnsupportedByProvider } from './aws-errors';

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

/**
 * Default encryption only: Ceph 16 without an SSE-S3 key backend answers PutBucketEncryption with 400
 * InvalidArgument. That one step may treat it as "not available here" (recorded on the bucket).
 */
export function isEncryptionUnavailable(error: unknown): boolean {
  return isUnsupportedByProvider(error) || awsErrorName(error) === 'InvalidArgument';
}
