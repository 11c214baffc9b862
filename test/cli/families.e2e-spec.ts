import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../support/embedded-hub';
import { landfallJson, runLandfall } from './run-cli';

/** 81.2.69.142 is in London in the bundled DB-IP database: GB / GB-ENG, nearest AWS region eu-west-2. */
const LONDON_IP = '81.2.69.142';
const LATENCY_HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The other output of each family cli.e2e-spec.ts covers in one form only (table or JSON), against a hub started
 * as the README says: single records as tables, lists and previews as JSON, latency import both ways.
 */
describe('landfall CLI: each resource family in table and JSON output', () => {
  let hub: EmbeddedHub;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    hub = await startEmbeddedHub();
    env = { LANDFALL_ADDR: hub.url, LANDFALL_TOKEN: hub.adminKey };
    dir = await mkdtemp(path.join(tmpdir(), 'landfall-families-'));
  });
  afterAll(async () => {
    if (hub) expect(await hub.stop()).toBe(0);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('accounts, appliances, keys and backups: records as tables, lists and minted keys as JSON', async () => {
    const name = `families-${Date.now()}`;
    const account = await landfallJson<{ id: string }>(['accounts', 'create', name], env);
    const accountTable = await runLandfall(['accounts', 'get', account.id], env);
    expect(accountTable).toMatchObject({ code: 0, stderr: '' });
    expect(accountTable.stdout.split('\n')[0]).toMatch(/^FIELD\s+VALUE$/);
    expect(accountTable.stdout).toMatch(new RegExp(`NAME\\s+${name}`));
    expect(accountTable.stdout).toMatch(/STATUS\s+active/);

    const appliance = await landfallJson<{ id: string }>(
      ['appliances', 'create', 'rack-7', '--account', account.id, '--server-id', 'srv-7'],
      env,
    );
    const applianceTable = await runLandfall(['appliances', 'get', appliance.id], env);
    expect(applianceTable.stdout).toMatch(new RegExp(`ACCOUNT\\s+${account.id}`));
    expect(applianceTable.stdout).toMatch(/SERVER\s+srv-7/);
    expect((await runLandfall(['appliances', 'disable', appliance.id], env)).stdout).toMatch(
      /STATUS\s+disabled/,
    );
    await landfallJson(['appliances', 'enable', appliance.id], env);
    const appliances = await landfallJson<Page<{ id: string; status: string }>>(
      ['appliances', 'list', '--account', account.id],
      env,
    );
    expect(appliances.items).toEqual([expect.objectContaining({ id: appliance.id, status: 'active' })]);

    const minted = await landfallJson<{ key: { id: string; kind: string }; plaintext: string }>(
      ['keys', 'create', '--kind', 'appliance', '--appliance', appliance.id, '--label', 'json'],
      env,
    );
    expect(minted.key.kind).toBe('appliance');
    expect(minted.plaintext).toMatch(/^lf_app_\S+$/);
    const keysTable = await runLandfall(['keys', 'list', '--appliance', appliance.id], env);
    expect(keysTable.stdout).toContain(minted.key.id);
    expect(keysTable.stdout).not.toContain(minted.plaintext);

    const init = await fetch(`${hub.url}/v1/init`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${minted.plaintext}`,
        'x-forwarded-for': LONDON_IP,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(init.status).toBe(200);
    const backupId = ((await init.json()) as { backup: { id: string } }).backup.id;
    const backups = await runLandfall(['backups', 'list', '--appliance', appliance.id], env);
    expect(backups).toMatchObject({ code: 0, stderr: '' });
    expect(backups.stdout).toContain(backupId);
    expect(backups.stdout).toMatch(/active/);
    expect(
      await landfallJson<{ id: string; status: string }>(['backups', 'get', backupId], env),
    ).toMatchObject({ id: backupId, status: 'active' });
    expect((await runLandfall(['backups', 'retire', backupId], env)).stdout).toMatch(/STATUS\s+retired/);

    const audit = await landfallJson<Page<{ action: string; targetId: string }>>(
      ['audit', 'list', '--action', 'appliance.disable', '--target-id', appliance.id],
      env,
    );
    expect(audit.items).toEqual([
      expect.objectContaining({ action: 'appliance.disable', targetId: appliance.id }),
    ]);
  });

  it('overrides: the preview as JSON changes nothing; a record as a table', async () => {
    const preview = await landfallJson<{
      scope: string;
      changedEntries: { scope: string; before: string[]; after: string[] }[];
    }>(['overrides', 'create', 'IE', 'eu-north-1', '--reason', 'families', '--preview'], env);
    expect(preview.scope).toBe('IE');
    expect(preview.changedEntries.find((e) => e.scope === 'IE')).toMatchObject({
      before: expect.arrayContaining(['eu-west-1']),
      after: expect.arrayContaining(['eu-north-1']),
    });
    expect(preview.changedEntries.find((e) => e.scope === 'IE')?.after[0]).toBe('eu-north-1');
    expect((await landfallJson<Page<unknown>>(['overrides', 'list', '--scope', 'IE'], env)).items).toEqual(
      [],
    );

    const created = await runLandfall(
      ['overrides', 'create', 'IE', 'eu-north-1', '--reason', 'families'],
      env,
    );
    expect(created.stdout).toMatch(/SCOPE\s+IE/);
    const {
      items: [override],
    } = await landfallJson<Page<{ id: string }>>(['overrides', 'list', '--scope', 'IE'], env);
    const table = await runLandfall(['overrides', 'get', override.id], env);
    expect(table.stdout).toMatch(/REGION\s+eu-north-1/);
    expect(table.stdout).toMatch(/REASON\s+families/);
    expect((await runLandfall(['overrides', 'delete', override.id, '-o', 'json'], env)).code).toBe(0);
    expect((await landfallJson<Page<unknown>>(['overrides', 'list', '--scope', 'IE'], env)).items).toEqual(
      [],
    );
  });

  it('placement: explain as JSON, resolve as a table', async () => {
    const explained = await landfallJson<{
      region: string;
      clientIp: string;
      signal: string;
      reasons: string[];
    }>(['placement', 'explain', LONDON_IP], env);
    expect(explained).toMatchObject({
      region: 'eu-west-2',
      clientIp: LONDON_IP,
      signal: 'geoip-subdivision',
    });
    expect(explained.reasons.length).toBeGreaterThan(0);
    for (const args of [
      ['placement', 'resolve', LONDON_IP],
      ['resolve', LONDON_IP],
    ]) {
      const table = await runLandfall(args, env);
      expect(table).toMatchObject({ code: 0, stderr: '' });
      expect(table.stdout).toContain(`${LONDON_IP} -> eu-west-2`);
    }
  });

  it('index import: a dry run as JSON lists the changes and changes nothing', async () => {
    const file = path.join(dir, 'import.tk');
    await writeFile(file, 'IE;Ireland;us-east-1;eu-west-1\nGB-ENG;England;eu-west-2\n');
    const result = await landfallJson<{
      applied: number;
      unchanged: number;
      dryRun: boolean;
      changes: { scope: string; to: string; action: string }[];
    }>(['index', 'import', file, '--dry-run'], env);
    expect(result).toMatchObject({ applied: 1, dryRun: true });
    expect(result.changes).toEqual([
      expect.objectContaining({ scope: 'IE', to: 'us-east-1', action: 'would create' }),
    ]);
    expect((await landfallJson<Page<unknown>>(['overrides', 'list', '--scope', 'IE'], env)).items).toEqual(
      [],
    );
  });

  it('latency import: as a table and as JSON; a bad file is refused whole, nothing on stdout', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, `${LATENCY_HEADER}\n-33.92,18.42,ZA,ZA-ZZ,us-east-1,190,10\n`);
    const refused = await runLandfall(['latency', 'import', bad, '-o', 'json'], env);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/LATENCY\.INVALID_IMPORT/);

    const good = path.join(dir, 'good.csv');
    await writeFile(
      good,
      `${LATENCY_HEADER}\n-33.92,18.42,ZA,,us-east-1,190,10\n-33.96,18.6,ZA,,eu-west-1,400,10\n`,
    );
    const table = await runLandfall(['latency', 'import', good], env);
    expect(table.stdout).toMatch(/^imported 2 rows \(20 samples\), batch [0-9a-f-]{36}\n$/);
    const json = await landfallJson<{ batchId: string; rows: number; samples: number }>(
      ['latency', 'import', good],
      env,
    );
    expect(json).toMatchObject({ rows: 2, samples: 20 });
    expect(json.batchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('migrations: the list as JSON', async () => {
    const list = await landfallJson<Page<unknown>>(['migrations', 'list'], env);
    expect(list.items).toEqual([]);
  });
});
