import { S3Client } from '@aws-sdk/client-s3';

/** Credentials as an init response hands them out (`sessionToken` null for static credentials). */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | null;
}

/**
 * An S3 client as an agent builds it from an init response: path-style, checksums only where S3 requires them
 * (Ceph 16 refuses the SDK's default trailers). `maxAttempts: 1` lets a test read a refusal as it came; a bulk
 * writer retries and bounds every request with `timeouts`.
 */
export function issuedS3Client(
  endpoint: string,
  region: string,
  credentials: IssuedCredentials,
  options: { maxAttempts: number; timeouts?: { requestMs: number; connectionMs: number } },
): S3Client {
  return new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken ?? undefined,
    },
    maxAttempts: options.maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.timeouts && {
      requestHandler: {
        requestTimeout: options.timeouts.requestMs,
        connectionTimeout: options.timeouts.connectionMs,
        throwOnRequestTimeout: true,
      },
    }),
  });
}
