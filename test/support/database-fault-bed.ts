import { Logger } from '@nestjs/common';
import { announcePlacementChange, PrismaService } from '@landfall/persistence';
import { startHubProcess, type HubProcess } from './hub-process';
import { uniqueSuffix, useGatewayRegions } from './test-hub';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

/**
 * Hubs (and workers) as production OS processes on a PostgreSQL of the test's own, which the test stops and
 * restarts; the real two-region gateway. New backups land in us-east-1 (eu-west-1 has weight 0).
 */
export interface DatabaseFaultBed {
  pg: ThrowawayPostgres;
  databaseUrl: string;
  /** The test's own client on that database (fixtures, checks); it rides out the restarts too. */
  prisma: PrismaService;
  /** Settings every process of the bed shares (bucket prefix, database). */
  env: Record<string, string>;
  startHub(env?: Record<string, string>): Promise<HubProcess>;
  close(): Promise<void>;
}

export async function startDatabaseFaultBed(env: Record<string, string> = {}): Promise<DatabaseFaultBed> {
  // The test's own pool logs every connection the restarts take from it; the processes under test log theirs.
  Logger.overrideLogger(['error', 'fatal']);
  const pg = await startThrowawayPostgres();
  const databaseUrl = await pg.createMigratedDatabase();
  const prisma = new PrismaService({ url: databaseUrl, poolSize: 3, applicationName: 'landfall-test' });
  await useGatewayRegions(prisma);
  await prisma.$transaction(async (tx) => {
    await tx.region.update({ where: { code: 'eu-west-1' }, data: { weight: 0 } });
    await announcePlacementChange(tx);
  });
  const shared = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    BUCKET_PREFIX: `lff-${uniqueSuffix()}`,
    BUCKET_BLOCK_PUBLIC_ACCESS: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  };
  const hubs: HubProcess[] = [];
  return {
    pg,
    databaseUrl,
    prisma,
    env: shared,
    startHub: async (extra = {}) => {
      const hub = await startHubProcess({ ...shared, ...extra });
      hubs.push(hub);
      return hub;
    },
    close: async () => {
      await Promise.all(hubs.map((hub) => hub.stop('SIGKILL')));
      await prisma.onModuleDestroy().catch(() => undefined);
      await pg.destroy();
    },
  };
}
