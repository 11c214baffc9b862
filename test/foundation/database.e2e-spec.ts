import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { applyMigrations, connectionFieldsOf } from '@landfall/persistence';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../setup/test-database';
import { uniqueSuffix } from '../support/test-hub';

describe('database schema', () => {
  const server = inject('postgresServerUrl');
  const name = uniqueDatabaseName('schema');
  let prisma: PrismaClient;

  beforeAll(async () => {
    const url = await createDatabase(server, name);
    await applyMigrations(url);
    prisma = new PrismaClient({ adapter: new PrismaPg(connectionFieldsOf(url)) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await dropDatabase(server, name);
  });

  it('applies every migration to an empty database, and again as a no-op', async () => {
    const tables = await prisma.$queryRaw<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'accounts',
        'api_keys',
        'appliances',
        'audit_events',
        'backups',
        'buckets',
        'index_overrides',
        'placement_pins',
        'regions',
      ]),
    );
    await expect(applyMigrations(await urlOf(name))).resolves.toBeUndefined();
  });

  it('allows one override per scope', async () => {
    const region = await aRegion();
    const scope = 'US-CA';
    await prisma.indexOverride.create({
      data: { scopeKind: 'subdivision', scope, regionCode: region, reason: 'r', author: 'a' },
    });
    await expect(
      prisma.indexOverride.create({
        data: { scopeKind: 'subdivision', scope, regionCode: region, reason: 'r2', author: 'b' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('rejects an override whose scope does not match its kind', async () => {
    const region = await aRegion();
    await expect(
      prisma.indexOverride.create({
        data: { scopeKind: 'country', scope: 'US-NY', regionCode: region, reason: 'r', author: 'a' },
      }),
    ).rejects.toThrow(/index_overrides_scope_shape|check constraint/i);
  });

  it('keeps one live backup per appliance, while retired ones may pile up', async () => {
    const { applianceId, accountId, bucketId, regionCode } = await anApplianceWithBucket();
    const backup = (prefix: string, status: 'active' | 'migrating' | 'retired') =>
      prisma.backup.create({ data: { applianceId, accountId, bucketId, regionCode, prefix, status } });
    await backup('a', 'active');
    await expect(backup('b', 'active')).rejects.toThrow(/backups_one_live_per_appliance|Unique constraint/i);
    await expect(backup('c', 'migrating')).rejects.toThrow(
      /backups_one_live_per_appliance|Unique constraint/i,
    );
    await expect(backup('d', 'retired')).resolves.toBeDefined();
    await expect(backup('e', 'retired')).resolves.toBeDefined();
  });

  it('never lets two backups share one bucket prefix', async () => {
    const first = await anApplianceWithBucket();
    const second = await anApplianceWithBucket(first.bucketId);
    await prisma.backup.create({ data: { ...first, prefix: 'shared/prefix' } });
    await expect(
      prisma.backup.create({ data: { ...second, prefix: 'shared/prefix' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('refuses duplicate API key prefixes, bucket names and appliance names within an account', async () => {
    const { accountId, applianceId } = await anApplianceWithBucket();
    const key = {
      kind: 'appliance' as const,
      prefix: `p${uniqueSuffix()}`,
      secretHash: 'h',
      label: 'k',
      accountId,
      applianceId,
    };
    await prisma.apiKey.create({ data: key });
    await expect(prisma.apiKey.create({ data: key })).rejects.toMatchObject({ code: 'P2002' });
    await expect(prisma.appliance.create({ data: { accountId, name: 'dup' } })).resolves.toBeDefined();
    await expect(prisma.appliance.create({ data: { accountId, name: 'dup' } })).rejects.toMatchObject({
      code: 'P2002',
    });
  });

  it('requires a placement pin to name exactly one of account or appliance', async () => {
    const region = await aRegion();
    await expect(
      prisma.placementPin.create({ data: { regionCode: region, reason: 'r', author: 'a' } }),
    ).rejects.toThrow(/placement_pins_one_target|check constraint/i);
  });

  it('rejects an appliance key without an appliance', async () => {
    await expect(
      prisma.apiKey.create({
        data: { kind: 'appliance', prefix: `q${uniqueSuffix()}`, secretHash: 'h', label: 'k' },
      }),
    ).rejects.toThrow(/api_keys_owner_matches_kind|check constraint/i);
  });

  async function urlOf(database: string): Promise<string> {
    const u = new URL(server);
    u.pathname = `/${database}`;
    return u.toString();
  }

  async function aRegion(): Promise<string> {
    const code = `test-${uniqueSuffix()}`;
    await prisma.region.create({
      data: { code, displayName: code, latitude: 1, longitude: 2, endpoint: 'http://127.0.0.1:1' },
    });
    return code;
  }

  async function anApplianceWithBucket(existingBucketId?: string) {
    const regionCode = existingBucketId
      ? (await prisma.bucket.findUniqueOrThrow({ where: { id: existingBucketId } })).regionCode
      : await aRegion();
    const account = await prisma.account.create({ data: { name: `acct-${uniqueSuffix()}` } });
    const appliance = await prisma.appliance.create({ data: { accountId: account.id, name: 'box' } });
    const bucketId =
      existingBucketId ??
      (await prisma.bucket.create({ data: { name: `b-${uniqueSuffix()}`, regionCode, status: 'ready' } })).id;
    return { applianceId: appliance.id, accountId: account.id, bucketId, regionCode };
  }
});
