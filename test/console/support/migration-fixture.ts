import type { PrismaService } from '@landfall/persistence';
import { anAppliance } from '../../init/support/fixtures';
import { uniqueSuffix } from '../../support/test-hub';

/**
 * A one-backup migration to eu-west-1 as a worker leaves it mid-copy: its item copying under a live lease, four
 * objects of 1 KiB none copied yet. No worker runs in the console tests: the progress moves when the test says.
 */
export async function aMigrationMidCopy(prisma: PrismaService) {
  const appliance = await anAppliance(prisma);
  const bucket = await prisma.bucket.create({
    data: { name: `console-${uniqueSuffix()}`, regionCode: 'us-east-1', status: 'ready' },
  });
  const backup = await prisma.backup.create({
    data: {
      applianceId: appliance.applianceId,
      accountId: appliance.accountId,
      regionCode: 'us-east-1',
      bucketId: bucket.id,
      prefix: `p-${uniqueSuffix()}`,
      status: 'migrating',
    },
  });
  // A migration as a worker leaves it mid-copy (no worker runs here: the progress moves when the test says).
  const now = new Date();
  const migration = await prisma.migration.create({
    data: {
      targetRegion: 'eu-west-1',
      selection: { backupIds: [backup.id] },
      requestedBy: 'console-test',
      items: {
        create: {
          backupId: backup.id,
          state: 'copying',
          sourceRegion: 'us-east-1',
          sourceEndpoint: 'http://127.0.0.1:1',
          sourceBucket: bucket.name,
          sourcePrefix: backup.prefix,
          targetRegion: 'eu-west-1',
          targetPrefix: backup.prefix,
          frozenAt: now,
          quietAt: now,
          listedAt: now,
          copyStartedAt: now,
          leaseOwner: 'console-test',
          leaseUntil: new Date(now.getTime() + 3_600_000),
        },
      },
    },
    include: { items: true },
  });
  const itemId = migration.items[0].id;
  await prisma.migrationObject.createMany({
    data: [0, 1, 2, 3].map((n) => ({ itemId, key: `obj-${n}`, size: 1024, sourceEtag: `e${n}` })),
  });
  return { migration, itemId };
}
