import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PrismaService } from '@landfall/persistence';
import { parseTurnkeyIndex } from '@landfall/placement';
import { loadAwsRegionCatalogue } from '@landfall/regions';
import defaultIndex from '../../data/placement/default-index.json';
import { runLandfall } from './run-cli';

/** 81.2.69.142 is in London in the bundled DB-IP database: GB / GB-ENG, nearest AWS region eu-west-2. */
const LONDON_IP = '81.2.69.142';
const SCOPES = ['GB', 'GB-ENG', 'FR'];

/**
 * The CLI as operators run it (built entry point, child process) on the run's database with the AWS catalogue.
 * The regions it adds and the overrides it makes are removed afterwards: other suites use the same database.
 */
describe('landfall CLI', () => {
  let prisma: PrismaService;
  let dir: string;
  let addedRegions: string[] = [];

  beforeAll(async () => {
    prisma = new PrismaService({ url: inject('databaseUrl'), poolSize: 2 });
    dir = await mkdtemp(path.join(tmpdir(), 'landfall-cli-'));
    await prisma.indexOverride.deleteMany({ where: { scope: { in: SCOPES } } });
    const existing = new Set((await prisma.region.findMany({ select: { code: true } })).map((r) => r.code));
    const missing = loadAwsRegionCatalogue().filter((r) => !existing.has(r.code));
    await prisma.region.createMany({
      data: missing.map((r) => ({
        ...r,
        endpoint: 'http://127.0.0.1:9', // never reached: these tests only ask placement
        status: 'active' as const,
        weight: 100,
      })),
    });
    addedRegions = missing.map((r) => r.code);
  });

  afterAll(async () => {
    await prisma?.indexOverride.deleteMany({ where: { scope: { in: SCOPES } } });
    await prisma?.region.deleteMany({ where: { code: { in: addedRegions } } });
    await prisma?.$disconnect();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('applies migrations on demand', async () => {
    const result = await runLandfall(['db', 'migrate']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/^migrations applied to postgresql:\/\//);
  });

  it('resolves a London address the way the hub would, readable and as JSON', async () => {
    const text = await runLandfall(['resolve', LONDON_IP]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${LONDON_IP} -> eu-west-2`);
    expect(text.stdout).toMatch(/country\s+GB\n/);
    expect(text.stdout).toMatch(/subdivision\s+GB-ENG\n/);
    expect(text.stdout).toMatch(/1\. .*GB-ENG -> eu-west-2/);

    const json = await runLandfall(['resolve', LONDON_IP, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      region: 'eu-west-2',
      countryCode: 'GB',
      subdivisionCode: 'GB-ENG',
      signal: 'geoip-subdivision',
      confidence: 'precise',
      clientIp: LONDON_IP,
    });
  });

  it('refuses a bad IP with its stable code, and reports an unknown appliance', async () => {
    const bad = await runLandfall(['resolve', '999.1.1.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PLACEMENT.INVALID_IP: "999.1.1.1" is not an IPv4 or IPv6 address');
    const unknown = await runLandfall([
      'resolve',
      LONDON_IP,
      '--appliance',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('APPLIANCE.NOT_FOUND: No such appliance\n');
  });

  it('lists the regions with status, weight, endpoint and coordinates', async () => {
    const text = await runLandfall(['regions', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^CODE\s+NAME\s+STATUS\s+WEIGHT\s+ENDPOINT\s+COORDINATES$/);
    expect(text.stdout).toMatch(
      /eu-west-2\s+Europe \(London\)\s+active\s+100\s+http:\/\/127\.0\.0\.1:9\s+51\.\d\d,-0\.\d\d/,
    );
    const json = await runLandfall(['regions', 'list', '--json']);
    const regions = JSON.parse(json.stdout) as { code: string; status: string }[];
    expect(regions.find((r) => r.code === 'eu-west-2')).toMatchObject({ status: 'active', weight: 100 });
  });

  it('exports the shipped index as TurnKey lines that parse back to default-index.json', async () => {
    const file = path.join(dir, 'default.tk');
    const result = await runLandfall(['index', 'export', '--source', 'default', '--out', file]);
    expect(result.code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^AD;Andorra;eu-south-2;eu-south-1,/);
    const parsed = parseTurnkeyIndex(text).map(({ scope, name, regions }) => ({ scope, name, regions }));
    expect(parsed).toEqual(
      defaultIndex.entries.map(({ scope, name, regions }) => ({ scope, name, regions })),
    );

    const generated = await runLandfall(['index', 'generate', '--format', 'turnkey']);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toBe(text);
  });

  it('imports a TurnKey index as audited overrides, after a dry run that changes nothing', async () => {
    const file = path.join(dir, 'import.tk');
    await writeFile(
      file,
      'GB-ENG;England;us-east-1;eu-west-2\nFR;France;xx-nowhere-1\nIE;Ireland;eu-west-1\n',
    );

    const dry = await runLandfall(['index', 'import', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create override GB-ENG: eu-west-2 -> us-east-1');
    expect(dry.stdout).toContain('1 overrides would be applied, 1 skipped, 1 entries already match');
    expect(dry.stderr).toContain('warning: FR: region "xx-nowhere-1" is unknown; skipped');
    expect(await prisma.indexOverride.count({ where: { scope: 'GB-ENG' } })).toBe(0);

    const real = await runLandfall(['index', 'import', file]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('created override GB-ENG: eu-west-2 -> us-east-1');
    const override = await prisma.indexOverride.findUniqueOrThrow({ where: { scope: 'GB-ENG' } });
    expect(override).toMatchObject({
      regionCode: 'us-east-1',
      reason: `imported from ${file}`,
      author: userInfo().username,
    });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: override.id } });
    expect(audit).toMatchObject({
      actorType: 'cli',
      actorId: userInfo().username,
      action: 'override.create',
    });

    const resolved = JSON.parse((await runLandfall(['resolve', LONDON_IP, '--json'])).stdout);
    expect(resolved).toMatchObject({ region: 'us-east-1', override: { scope: 'GB-ENG' } });
  });

  it('diffs the shipped index against the live one, with the reason of each change', async () => {
    const result = await runLandfall(['index', 'diff', 'default', 'live']);
    expect(result.code).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith('GB-ENG'));
    expect(line).toMatch(
      /^GB-ENG\s+first choice\s+eu-west-2,.* -> us-east-1,eu-west-2,.*override: imported from /,
    );

    const json = await runLandfall(['index', 'diff', 'default', 'live', '--json']);
    const changes = JSON.parse(json.stdout) as { scope: string; kind: string; after: string[] }[];
    expect(changes.find((c) => c.scope === 'GB-ENG')).toMatchObject({ kind: 'first-choice' });
    expect(changes.find((c) => c.scope === 'GB-ENG')?.after[0]).toBe('us-east-1');
  });

  it('exits 2 with one line on usage errors', async () => {
    for (const args of [
      ['frob'],
      ['index', 'frob'],
      ['resolve'],
      ['index', 'generate', '--format', 'csv'],
      ['index', 'import'],
      ['regions', 'list', '--nope'],
      ['index', 'generate', '--min-samples', '0'],
    ]) {
      const result = await runLandfall(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
