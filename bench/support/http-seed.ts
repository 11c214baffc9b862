import { mintApiKey } from '@landfall/identity';
import { applyMigrations, PrismaService, withDatabase } from '@landfall/persistence';
import { loadAwsRegionCatalogue } from '@landfall/regions';
import { onServer } from './bench-main';
import { CEPH_HUB_ENV, type BenchGateway } from '../init-bench-support';

export const SERVER = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface Seed {
  adminKey: string;
  warmKeys: string[];
  coldKeys: string[];
  accountId: string;
  stsCalls(): Promise<number>;
  close(): Promise<void>;
}

/** Regions (the gateway's two, at their catalogue coordinates), one admin key, warm and cold appliances. */
export async function seedDatabase(
  databaseUrl: string,
  gateway: BenchGateway,
  counts: { warm: number; cold: number },
): Promise<Seed> {
  const prisma = new PrismaService({ url: databaseUrl, poolSize: 4 });
  const catalogue = new Map(loadAwsRegionCatalogue().map((r) => [r.code, r]));
  for (const region of gateway.regions) {
    const known = catalogue.get(region.code);
    await prisma.region.create({
      data: {
        code: region.code,
        displayName: known?.displayName ?? region.code,
        city: known?.city,
        countryCode: known?.countryCode,
        latitude: known?.latitude ?? 0,
        longitude: known?.longitude ?? 0,
        endpoint: region.endpoint,
      },
    });
  }
  const adminKey = mintApiKey('admin');
  await prisma.apiKey.create({
    data: {
      kind: 'admin',
      prefix: adminKey.prefix,
      secretHash: adminKey.secretHash,
      label: 'bench',
      scopes: ['admin'],
    },
  });
  const account = await prisma.account.create({ data: { name: `bench-${Date.now().toString(36)}` } });
  const appliances = async (count: number, tag: string): Promise<string[]> => {
    const keys: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const appliance = await prisma.appliance.create({
        data: { accountId: account.id, name: `${tag}${i}` },
      });
      const key = mintApiKey('appliance');
      await prisma.apiKey.create({
        data: {
          kind: 'appliance',
          prefix: key.prefix,
          secretHash: key.secretHash,
          label: 'bench',
          scopes: ['agent'],
          accountId: account.id,
          applianceId: appliance.id,
        },
      });
      keys.push(key.plaintext);
    }
    return keys;
  };
  return {
    adminKey: adminKey.plaintext,
    warmKeys: await appliances(counts.warm, 'warm'),
    coldKeys: await appliances(counts.cold, 'cold'),
    accountId: account.id,
    stsCalls: () => prisma.auditEvent.count({ where: { action: 'credentials.issue' } }),
    close: () => prisma.onModuleDestroy(),
  };
}

/** A TKLBAM API key issued through the admin API, linked to a subkey as the agent does, with one record. */
export async function tklbamSubkey(origin: string, seed: Seed): Promise<string> {
  const issued = await fetch(`${origin}/admin/v1/accounts/${seed.accountId}/tklbam-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${seed.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'bench' }),
  });
  if (issued.status !== 201) throw new Error(`issuing a TKLBAM key: ${issued.status} ${await issued.text()}`);
  const { apiKey } = (await issued.json()) as { apiKey: string };
  const linked = await fetch(`${origin}/api/backup/subkey/?apikey=${encodeURIComponent(apiKey)}`, {
    headers: { accept: 'application/json' },
  });
  if (linked.status !== 200) throw new Error(`subkey/: ${linked.status} ${await linked.text()}`);
  const { subkey } = (await linked.json()) as { subkey: string };
  const record = await fetch(`${origin}/api/backup/record/create/`, {
    method: 'POST',
    headers: { subkey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      key: 'bench-key',
      turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
    }).toString(),
  });
  if (record.status !== 200) throw new Error(`record/create/: ${record.status} ${await record.text()}`);
  return subkey;
}

/** A bench's own database on SERVER, migrated; dropped by `drop()`. */
export async function benchDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = `landfall_bench_${tag}_${Date.now().toString(36)}`;
  await onServer(SERVER, `CREATE DATABASE "${database}"`);
  const url = withDatabase(SERVER, database);
  await applyMigrations(url);
  return {
    url,
    drop: () => onServer(SERVER, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined),
  };
}

/** The environment of a production hub on the bench's database and the Ceph gateway with real STS. */
export function hubEnv(
  databaseUrl: string,
  port: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    ...CEPH_HUB_ENV,
    REGION_SEED: 'none',
    BUCKET_PREFIX: `lfb-${Date.now().toString(36)}`,
    ...extra,
  };
}

/** The hub's `landfall_database_queries_total` (statements sent to PostgreSQL), or NaN before that metric existed. */
export async function databaseQueries(origin: string): Promise<number> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const match = /^landfall_database_queries_total(?:\{\})? (\d+(?:\.\d+)?)$/m.exec(text);
  return match ? Number(match[1]) : Number.NaN;
}
