import type { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { issuedS3Client, type IssuedCredentials } from '../../support/s3-client';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../../support/test-hub';
import { announcePlacementChange } from '@landfall/persistence';
import { PlacementStateService } from '@landfall/placement';
import { bearer, type ApplianceFixture } from './fixtures';

/**
 * A hub for agent-init tests: the real app (real placement) on the real Ceph gateway, with its own bucket prefix
 * (so each test file provisions its own buckets), with the production defaults. Test requests come from 127.0.0.1, which GeoIP does not know, so placement falls back to
 * the weighted hash; eu-west-1 gets weight 0 there, so new backups land in us-east-1 unless a test asks otherwise
 * (region hint, pin).
 */
export async function startInitHub(env: Record<string, string> = {}): Promise<TestHub> {
  const hub = await startTestHub({
    env: {
      BUCKET_PREFIX: `lft-${uniqueSuffix()}`,
      UPSTREAM_RETRY_BUDGET_MS: '800',
      ...env,
    },
  });
  await useGatewayRegions(hub.prisma);
  await hub.prisma.$transaction(async (tx) => {
    await tx.region.update({ where: { code: 'eu-west-1' }, data: { weight: 0 } });
    await announcePlacementChange(tx);
  });
  await hub.app.get(PlacementStateService).rebuild();
  return hub;
}

/** POST /v1/init as the appliance, with an optional body and extra headers. */
export function postInit(
  hub: TestHub,
  appliance: ApplianceFixture,
  payload: object = {},
  headers: Record<string, string> = {},
) {
  return hub.app.inject({
    method: 'POST',
    url: '/v1/init',
    headers: { ...bearer(appliance.key), ...headers },
    payload,
  });
}

export function gatewayOrSkip() {
  return inject('gateway');
}

export type { IssuedCredentials };

/** The part of a `POST /v1/init` answer the init and migrate specs read. */
export interface InitBody {
  backup: { id: string; bucket: string; prefix: string; region: string; endpoint: string };
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null };
}

/** An S3 client as an agent would build it from an init response, one attempt per call. */
export function agentS3(endpoint: string, region: string, credentials: IssuedCredentials): S3Client {
  return issuedS3Client(endpoint, region, credentials, { maxAttempts: 1 });
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
