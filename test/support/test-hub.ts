import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig } from '@landfall/config';
import { announcePlacementChange, PrismaService } from '@landfall/persistence';
import { createHubApp } from '../../apps/hub/src/bootstrap';
import type { HubRuntime } from '../../apps/hub/src/runtime';

export interface TestHub {
  app: NestFastifyApplication;
  prisma: PrismaService;
  close(): Promise<void>;
}

export interface TestHubOptions {
  env?: Record<string, string>;
  extraModules?: Type[];
}

/**
 * The real hub (shared bootstrap) on the run's test database and, when there is one, the real Ceph gateway.
 * Regions come from `useGatewayRegions`, not the AWS seed, so tests control where buckets land.
 */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const gateway = inject('gateway');
  const databaseUrl = inject('databaseUrl');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    STORAGE_MODE: 'remote',
    S3_ACCESS_KEY_ID: gateway?.hub.accessKeyId ?? 'none',
    S3_SECRET_ACCESS_KEY: gateway?.hub.secretAccessKey ?? 'none',
    S3_REQUEST_TIMEOUT_MS: '2000',
    REGION_SEED: 'none',
    STS_ROLE_ARN: gateway?.roleArn ?? 'arn:aws:iam:::role/none',
    STS_ACCESS_KEY_ID: gateway?.broker.accessKeyId ?? 'none-broker',
    STS_SECRET_ACCESS_KEY: gateway?.broker.secretAccessKey ?? 'none',
    BUCKET_OWNER_ARN: gateway?.ownerArn ?? 'arn:aws:iam:::user/none',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const runtime: HubRuntime = {
    databaseUrl,
    storage: {
      accessKeyId: config.storage.accessKeyId!,
      secretAccessKey: config.storage.secretAccessKey!,
      forcePathStyle: true,
      requestTimeoutMs: config.storage.requestTimeoutMs,
    },
    embedded: { postgres: false, s3: false },
    stop: async () => undefined,
  };
  const app = await createHubApp(
    config,
    runtime,
    pino({ level: process.env.TEST_HUB_LOG_LEVEL ?? 'error' }),
    {
      extraModules: options.extraModules,
    },
  );
  return { app, prisma: app.get(PrismaService), close: () => app.close() };
}

/** Makes the gateway's two regions the active regions of the test database. */
export async function useGatewayRegions(prisma: PrismaService): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const gateway = inject('gateway');
    if (!gateway) return;
    const coordinates: Record<string, [number, number]> = {
      'us-east-1': [39.04, -77.49],
      'eu-west-1': [53.35, -6.26],
    };
    for (const { code, endpoint } of gateway.regions) {
      const [latitude, longitude] = coordinates[code] ?? [0, 0];
      await tx.region.upsert({
        where: { code },
        create: {
          code,
          displayName: `Test ${code}`,
          latitude,
          longitude,
          endpoint,
          status: 'active',
          weight: 100,
        },
        update: { endpoint, status: 'active', weight: 100 },
      });
    }
    await announcePlacementChange(tx);
  });
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
