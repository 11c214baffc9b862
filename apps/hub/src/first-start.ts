import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@landfall/config';
import { FirstRunService, type FirstRunOutcome } from '@landfall/identity';
import { PlacementStateService } from '@landfall/placement';
import { awsS3Endpoint, loadAwsRegionCatalogue, RegionsRepository } from '@landfall/regions';
import type { HubRuntime } from './runtime';

/**
 * What a first start set up. Development (`npm start` on a laptop): an admin key and a demo appliance key, shown
 * once in a banner. Production: no demo data, and the admin key never goes to stdout (the log pipeline): it is
 * written to a file only the service user can read, and the log says where.
 */
export type FirstStart = { kind: 'banner'; outcome: FirstRunOutcome } | { kind: 'key-file'; file: string };

/** Seeds what an empty database needs: the region catalogue (served by the local store in local mode) and the first keys. */
export async function prepareData(
  app: INestApplication,
  config: AppConfig,
  runtime: HubRuntime,
): Promise<FirstStart | null> {
  const regions = app.get(RegionsRepository);
  if (config.regions.seed === 'aws') {
    const local = runtime.localS3Endpoint;
    await regions.seedIfEmpty(loadAwsRegionCatalogue(), (code) => local ?? awsS3Endpoint(code));
  }
  // The local store's port may differ between starts; in local mode every region is served by it.
  if (runtime.localS3Endpoint) await regions.pointAllAt(runtime.localS3Endpoint);
  // Seeding announces the change to every replica; this one rebuilds now so its first request is placed.
  await app.get(PlacementStateService).rebuild();

  const firstRun = app.get(FirstRunService);
  if (config.env !== 'production') {
    const outcome = await firstRun.setUpIfFresh({ demo: true });
    return outcome && { kind: 'banner', outcome };
  }
  const file = config.firstRun.adminKeyFile;
  const outcome = await firstRun.setUpIfFresh({ demo: false, handOver: (key) => writeSecretFile(file, key) });
  return outcome && { kind: 'key-file', file };
}

/**
 * Writes `secret` to `file` readable by this user only (0600; the directory 0700 if created): staged beside it and
 * renamed into place, so a reader never sees half a key. Runs before the first-run transaction commits, so a key
 * that could not be handed over is never created.
 */
export async function writeSecretFile(file: string, secret: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const staging = `${file}.${process.pid}.tmp`;
  const handle = await open(staging, 'wx', 0o600);
  try {
    await handle.writeFile(`${secret}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(staging, 0o600);
    await rename(staging, file);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
}

export function firstStartMessage(start: FirstStart, baseUrl: string): string {
  if (start.kind === 'key-file') {
    return [
      `Landfall first start: the first admin key is in ${start.file} (mode 0600, readable by this user only).`,
      'Read it once, store it in your secret manager, then delete the file. No demo data was created.',
      '',
    ].join('\n');
  }
  return firstRunBanner(start.outcome, baseUrl);
}

export function firstRunBanner(outcome: FirstRunOutcome, baseUrl: string): string {
  const demo = outcome.demo;
  return [
    '',
    '================================================================================',
    ' Landfall first start: these keys are shown ONCE (only their hashes are stored).',
    ' (Development mode only: in production no demo data is made and no key is printed.)',
    '',
    `   admin key            ${outcome.adminKey}`,
    ...(demo
      ? [
          `   demo appliance key   ${demo.applianceKey}   (account "${demo.accountName}", appliance "${demo.applianceName}")`,
        ]
      : []),
    '',
    ' Try it:',
    `   curl -s ${baseUrl}/readyz`,
    ...(demo
      ? [`   curl -s -X POST ${baseUrl}/v1/init -H 'authorization: Bearer ${demo.applianceKey}'`]
      : []),
    `   open ${baseUrl}/docs for the API reference`,
    '================================================================================',
    '',
  ].join('\n');
}
