import { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../../support/test-hub';
import { TestPlacementModule } from './test-placement';

/**
 * A hub for agent-init tests: the real app on the real Ceph gateway, with the test placement and its own bucket
 * prefix (so each test file provisions its own buckets). Block-public-access is off: on Ceph 16 it makes even the
 * owner's writes fail.
 */
export async function startInitHub(env: Record<string, string> = {}): Promise<TestHub> {
  const hub = await startTestHub({
    extraModules: [TestPlacementModule],
    env: {
      BUCKET_PREFIX: `lft-${uniqueSuffix()}`,
      BUCKET_BLOCK_PUBLIC_ACCESS: 'false',
      UPSTREAM_RETRY_BUDGET_MS: '800',
      ...env,
    },
  });
  await useGatewayRegions(hub.prisma);
  return hub;
}

export function gatewayOrSkip() {
  return inject('gateway');
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
}

/** An S3 client as an agent would build it from an init response. */
export function agentS3(endpoint: string, region: string, credentials: IssuedCredentials): S3Client {
  return new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken ?? undefined,
    },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Resolves to the HTTP status an S3 call ended with (200 for success). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  }
}
