import type { TestProject } from 'vitest/node';
import { applyMigrations } from '@landfall/persistence';
import { createDatabase, dropDatabase, reachPostgres, uniqueDatabaseName } from './test-database';
import { startGateway, stopGateway, type TestGateway } from './test-gateway';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServerUrl: string;
    databaseUrl: string;
    gateway: TestGateway | null;
    gatewaySkipReason: string | null;
  }
}

/**
 * Once per `npm test`: a fresh database with every migration applied (on the machine's PostgreSQL, or an
 * embedded one) and a real two-region Ceph gateway. Both are removed afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await reachPostgres();
  const name = uniqueDatabaseName('e2e');
  const databaseUrl = await createDatabase(postgres.serverUrl, name);
  await applyMigrations(databaseUrl);
  const outcome = await startGateway();
  const gateway = 'gateway' in outcome ? outcome.gateway : null;
  if (!gateway && 'skipped' in outcome)
    process.stdout.write(`S3 gateway tests skipped: ${outcome.skipped}\n`);

  project.provide('postgresServerUrl', postgres.serverUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('gateway', gateway);
  project.provide('gatewaySkipReason', 'skipped' in outcome ? outcome.skipped : null);

  return async () => {
    if (gateway) await stopGateway(gateway);
    await dropDatabase(postgres.serverUrl, name).catch(() => undefined);
    await postgres.stop();
  };
}
