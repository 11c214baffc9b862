import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@landfall/config';
import { FirstRunService, type FirstRunOutcome } from '@landfall/identity';
import { PlacementStateService } from '@landfall/placement';
import { awsS3Endpoint, loadAwsRegionCatalogue, RegionsRepository } from '@landfall/regions';
import type { HubRuntime } from './runtime';

/**
 * Seeds what an empty database needs: the region catalogue (served by the local store in local mode) and,
 * once, the first admin key and a demo appliance key.
 */
export async function prepareData(
  app: INestApplication,
  config: AppConfig,
  runtime: HubRuntime,
): Promise<FirstRunOutcome | null> {
  const regions = app.get(RegionsRepository);
  if (config.regions.seed === 'aws') {
    const local = runtime.localS3Endpoint;
    await regions.seedIfEmpty(loadAwsRegionCatalogue(), (code) => local ?? awsS3Endpoint(code));
  }
  // The local store's port may differ between starts; in local mode every region is served by it.
  if (runtime.localS3Endpoint) await regions.pointAllAt(runtime.localS3Endpoint);
  // Seeding announces the change to every replica; this one rebuilds now so its first request is placed.
  await app.get(PlacementStateService).rebuild();
  return app.get(FirstRunService).setUpIfFresh();
}

export function firstRunBanner(outcome: FirstRunOutcome, baseUrl: string): string {
  return [
    '',
    '================================================================================',
    ' Landfall first start: these keys are shown ONCE (only their hashes are stored).',
    '',
    `   admin key            ${outcome.adminKey}`,
    `   demo appliance key   ${outcome.applianceKey}   (account "${outcome.accountName}", appliance "${outcome.applianceName}")`,
    '',
    ' Try it:',
    `   curl -s ${baseUrl}/readyz`,
    `   curl -s -X POST ${baseUrl}/v1/init -H 'authorization: Bearer ${outcome.applianceKey}'`,
    `   open ${baseUrl}/docs for the API reference`,
    '================================================================================',
    '',
  ].join('\n');
}
