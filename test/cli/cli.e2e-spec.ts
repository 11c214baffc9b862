import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTurnkeyIndex } from '@landfall/placement';
import defaultIndex from '../../data/placement/default-index.json';
import { landfallJson, runLandfall } from './run-cli';
import { LONDON_IP, startCliBed, stopCliBed, type CliBed, type Page } from './support/cli-bed';

/**
 * The built CLI against a hub started as the README says (embedded PostgreSQL, local S3 store, AWS regions):
 * every resource family listed, created and changed through the admin API, in table and JSON output.
 */
describe('landfall CLI over the admin API', () => {
  let bed: CliBed;
  let hub: CliBed['hub'];
  let env: CliBed['env'];
  let dir: CliBed['dir'];

  beforeAll(async () => {
    bed = await startCliBed();
    ({ hub, env, dir } = bed);
  });
  afterAll(async () => stopCliBed(bed));

  it('manages accounts, appliances and keys; an appliance key it mints works for an agent', async () => {
    const name = `acme-${Date.now()}`;
    const created = await runLandfall(['accounts', 'create', name], env);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(new RegExp(`NAME\\s+${name}`));
    const account = (
      await landfallJson<Page<{ id: string; name: string }>>(['accounts', 'list'], env)
    ).items.find((a) => a.name === name)!;
    expect(account).toBeDefined();

    const table = await runLandfall(['accounts', 'list'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+CREATED$/);
    expect(table.stdout).toMatch(new RegExp(`${account.id}\\s+${name}\\s+active`));

    expect((await landfallJson<{ status: string }>(['accounts', 'disable', account.id], env)).status).toBe(
      'disabled',
    );
    expect((await landfallJson<{ status: string }>(['accounts', 'enable', account.id], env)).status).toBe(
      'active',
    );
    expect(await landfallJson<{ name: string }>(['accounts', 'get', account.id], env)).toMatchObject({
      name,
    });

    const appliance = await landfallJson<{ id: string; accountId: string }>(
      ['appliances', 'create', 'rack-1', '--account', account.id, '--server-id', 'srv-1'],
      env,
    );
    expect(appliance.accountId).toBe(account.id);
    const appliances = await runLandfall(['appliances', 'list', '--account', account.id], env);
    expect(appliances.stdout).toMatch(
      new RegExp(`${appliance.id}\\s+${account.id}\\s+rack-1\\s+srv-1\\s+active`),
    );
    expect(
      (await landfallJson<{ status: string }>(['appliances', 'disable', appliance.id], env)).status,
    ).toBe('disabled');
    expect((await landfallJson<{ status: string }>(['appliances', 'enable', appliance.id], env)).status).toBe(
      'active',
    );

    // Table output prints only the secret on stdout (pipeable); JSON carries it with the key's metadata.
    const minted = await runLandfall(
      ['keys', 'create', '--kind', 'appliance', '--appliance', appliance.id, '--label', 'rack'],
      env,
    );
    expect(minted.code).toBe(0);
    const applianceKey = minted.stdout.trim();
    expect(applianceKey).toMatch(/^lf_app_\S+$/);
    expect(minted.stderr).toMatch(/shown once/);
    const init = await fetch(`${hub.url}/v1/init`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${applianceKey}`,
        'x-forwarded-for': LONDON_IP,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(init.status).toBe(200);
    const backupId = ((await init.json()) as { backup: { id: string } }).backup.id;

    const keys = await landfallJson<Page<{ id: string; applianceId: string | null; label: string }>>(
      ['keys', 'list', '--appliance', appliance.id],
      env,
    );
    expect(keys.items).toEqual([expect.objectContaining({ label: 'rack', applianceId: appliance.id })]);
    const keysTable = await runLandfall(['keys', 'list', '--kind', 'admin'], env);
    expect(keysTable.stdout).toMatch(/first-run admin key\s+admin/);
    expect(keysTable.stdout).not.toContain(hub.adminKey);

    const backups = await landfallJson<Page<{ id: string; applianceId: string }>>(
      ['backups', 'list', '--appliance', appliance.id],
      env,
    );
    expect(backups.items.map((b) => b.id)).toEqual([backupId]);
    expect((await runLandfall(['backups', 'get', backupId], env)).stdout).toMatch(/STATUS\s+active/);

    const revoked = await landfallJson<{ revokedAt: string | null }>(
      ['keys', 'revoke', keys.items[0].id],
      env,
    );
    expect(revoked.revokedAt).not.toBeNull();
    const retired = await landfallJson<{ status: string }>(['backups', 'retire', backupId], env);
    expect(retired.status).toBe('retired');

    // Every change above is in the audit trail, readable through the CLI with filters.
    const audit = await landfallJson<Page<{ action: string; targetId: string; actorType: string }>>(
      ['audit', 'list', '--target-type', 'account', '--target-id', account.id],
      env,
    );
    expect(audit.items.map((e) => e.action)).toEqual(['account.enable', 'account.disable', 'account.create']);
    const auditTable = await runLandfall(['audit', 'list', '--action', 'key.revoke', '--limit', '1'], env);
    expect(auditTable.stdout.split('\n')[0]).toMatch(/^AT\s+ACTOR\s+ACTION\s+TARGET\s+SOURCE IP$/);
    expect(auditTable.stdout).toContain(`api_key:${keys.items[0].id}`);
  });

  it('adds and changes regions, and explains placement', async () => {
    const code = `cli-test-${Date.now() % 100000}`;
    const created = await runLandfall(
      [
        'regions',
        'create',
        code,
        '--name',
        'CLI Test',
        '--lat',
        '10',
        '--lon',
        '20',
        '--endpoint',
        'http://127.0.0.1:9',
        '--status',
        'disabled',
      ],
      env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/STATUS\s+disabled/);
    const updated = await landfallJson<{ weight: number; status: string }>(
      ['regions', 'update', code, '--weight', '5', '--status', 'draining'],
      env,
    );
    expect(updated).toMatchObject({ weight: 5, status: 'draining' });
    const list = await runLandfall(['regions', 'list', '--search', code], env);
    expect(list.stdout.split('\n')[0]).toMatch(/^CODE\s+NAME\s+STATUS\s+WEIGHT\s+ENDPOINT\s+COORDINATES$/);
    expect(list.stdout).toMatch(
      new RegExp(`${code}\\s+CLI Test\\s+draining\\s+5\\s+http://127\\.0\\.0\\.1:9\\s+10\\.00,20\\.00`),
    );
    expect(await landfallJson<{ code: string }>(['regions', 'get', code], env)).toMatchObject({ code });
    await landfallJson(['regions', 'update', code, '--status', 'disabled'], env);

    const explained = await runLandfall(['placement', 'explain', LONDON_IP], env);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`${LONDON_IP} -> eu-west-2`);
    expect(explained.stdout).toMatch(/subdivision\s+GB-ENG/);
    expect(explained.stdout).toMatch(/\d\. .*GB-ENG -> eu-west-2/);
    const resolved = await landfallJson<{ region: string; countryCode: string; signal: string }>(
      ['placement', 'resolve', LONDON_IP],
      env,
    );
    expect(resolved).toMatchObject({ region: 'eu-west-2', countryCode: 'GB', signal: 'geoip-subdivision' });
  });

  it('previews, creates, changes and deletes overrides; pins an account', async () => {
    const preview = await runLandfall(
      ['overrides', 'create', 'GB-SCT', 'eu-west-1', '--reason', 'peering test', '--preview'],
      env,
    );
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/GB-SCT\s+eu-west-2.*\s+eu-west-1/);
    expect(
      (await landfallJson<Page<unknown>>(['overrides', 'list', '--scope', 'GB-SCT'], env)).items,
    ).toEqual([]);

    const override = await landfallJson<{ id: string; region: string; author: string }>(
      ['overrides', 'create', 'GB-SCT', 'eu-west-1', '--reason', 'peering test'],
      env,
    );
    expect(override.region).toBe('eu-west-1');
    const changed = await landfallJson<{ region: string; reason: string }>(
      ['overrides', 'update', override.id, '--region', 'eu-north-1', '--reason', 'moved'],
      env,
    );
    expect(changed).toMatchObject({ region: 'eu-north-1', reason: 'moved' });
    const table = await runLandfall(['overrides', 'list'], env);
    expect(table.stdout).toMatch(new RegExp(`${override.id}\\s+GB-SCT\\s+eu-north-1\\s+moved`));
    const deleted = await runLandfall(['overrides', 'delete', override.id], env);
    expect(deleted).toMatchObject({ code: 0, stdout: `deleted override ${override.id}\n` });
    expect((await runLandfall(['overrides', 'get', override.id], env)).stderr).toBe(
      'landfall: OVERRIDE.NOT_FOUND: No such override\n',
    );

    const account = await landfallJson<{ id: string }>(['accounts', 'create', `pinned-${Date.now()}`], env);
    const pin = await landfallJson<{ id: string; target: string; region: string }>(
      ['pins', 'create', 'eu-central-1', '--account', account.id, '--reason', 'data residency'],
      env,
    );
    expect(pin).toMatchObject({ target: 'account', region: 'eu-central-1' });
    expect((await runLandfall(['pins', 'list', '--account', account.id], env)).stdout).toMatch(
      new RegExp(`${pin.id}\\s+account ${account.id}\\s+eu-central-1\\s+data residency`),
    );
    expect((await runLandfall(['pins', 'delete', pin.id], env)).code).toBe(0);
    expect((await landfallJson<Page<unknown>>(['pins', 'list', '--account', account.id], env)).items).toEqual(
      [],
    );
    const both = await runLandfall(['pins', 'create', 'eu-central-1', '--reason', 'xyz'], env);
    expect(both).toMatchObject({ code: 2, stdout: '' });
  });

  it('exports the shipped index as TurnKey lines that parse back to default-index.json', async () => {
    const file = path.join(dir, 'default.tk');
    const result = await runLandfall(['index', 'export', '--source', 'default', '--out', file], env);
    expect(result.code).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^AD;Andorra;eu-south-2;eu-south-1,/);
    const parsed = parseTurnkeyIndex(text).map(({ scope, name, regions }) => ({ scope, name, regions }));
    expect(parsed).toEqual(
      defaultIndex.entries.map(({ scope, name, regions }) => ({ scope, name, regions })),
    );
    const generated = await runLandfall(['index', 'generate', '--format', 'turnkey'], env);
    expect(generated.stdout).toBe(text);
    const live = await landfallJson<{ scope: string; regions: string[] }[]>(
      ['index', 'export', '--source', 'live'],
      env,
    );
    expect(live.find((e) => e.scope === 'GB-ENG')?.regions[0]).toBe('eu-west-2');
  });

  it('imports a TurnKey index as audited overrides after a dry run, and diffs it (exit 1 when different)', async () => {
    const same = await runLandfall(['index', 'diff', 'default', 'default'], env);
    expect(same).toMatchObject({ code: 0, stdout: 'No changes.\n' });

    const file = path.join(dir, 'import.tk');
    await writeFile(
      file,
      'GB-ENG;England;us-east-1;eu-west-2\nFR;France;xx-nowhere-1\nIE;Ireland;eu-west-1\n',
    );
    const dry = await runLandfall(['index', 'import', file, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create override GB-ENG: eu-west-2 -> us-east-1');
    expect(dry.stdout).toContain('1 overrides would be applied, 1 skipped, 1 entries already match');
    expect(dry.stderr).toContain('warning: FR: region "xx-nowhere-1" is unknown; skipped');
    expect(
      (await landfallJson<Page<unknown>>(['overrides', 'list', '--scope', 'GB-ENG'], env)).items,
    ).toEqual([]);

    const real = await runLandfall(['index', 'import', file], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('created override GB-ENG: eu-west-2 -> us-east-1');
    const {
      items: [override],
    } = await landfallJson<Page<{ id: string; reason: string }>>(
      ['overrides', 'list', '--scope', 'GB-ENG'],
      env,
    );
    expect(override.reason).toBe(`imported from ${file}`);
    const audit = await landfallJson<Page<{ actorType: string }>>(
      ['audit', 'list', '--target-id', override.id],
      env,
    );
    expect(audit.items).toEqual([expect.objectContaining({ actorType: 'admin', action: 'override.create' })]);

    const diff = await runLandfall(['index', 'diff', 'default', 'live'], env);
    expect(diff.code).toBe(1);
    expect(diff.stdout.split('\n').find((l) => l.startsWith('GB-ENG'))).toMatch(
      /^GB-ENG\s+first choice\s+eu-west-2,.* -> us-east-1,eu-west-2,.*override: imported from /,
    );
    const json = await runLandfall(['index', 'diff', 'default', 'live', '-o', 'json'], env);
    expect(json.code).toBe(1);
    const changes = JSON.parse(json.stdout) as { scope: string; kind: string; after: string[] }[];
    expect(changes.find((c) => c.scope === 'GB-ENG')).toMatchObject({ kind: 'first-choice' });
    expect((await landfallJson<{ region: string }>(['placement', 'resolve', LONDON_IP], env)).region).toBe(
      'us-east-1',
    );
    await landfallJson(['overrides', 'delete', override.id], env);
  });
});
