import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process';
import { landfallJson, runLandfall } from './run-cli';
import { startCliBed, stopCliBed, type CliBed, type Page } from './support/cli-bed';

/**
 * The built CLI as an operator meets it around the resource commands: output formats, contexts, how it reports
 * refusals and mistakes, and the commands that go straight to the database (migrations, break-glass admin key).
 */
describe('landfall CLI: output formats, contexts, errors and break-glass', () => {
  let bed: CliBed;
  let hub: CliBed['hub'];
  let env: CliBed['env'];
  let dir: CliBed['dir'];
  const user = userInfo().username;

  beforeAll(async () => {
    bed = await startCliBed();
    ({ hub, env, dir } = bed);
  });
  afterAll(async () => stopCliBed(bed));

  it('prints YAML on request, and lists migrations', async () => {
    const yaml = await runLandfall(['regions', 'get', 'eu-west-2', '-o', 'yaml'], env);
    expect(yaml.stdout).toMatch(/^code: eu-west-2$/m);
    const migrations = await runLandfall(['migrations', 'list'], env);
    expect(migrations).toMatchObject({ code: 0, stdout: 'No migrations.\n' });
  });

  it('logs in to a hub as a context (file mode 0600) and uses it without environment', async () => {
    const config = path.join(dir, 'profiles', 'config.yaml');
    const login = await runLandfall(
      ['login', '--addr', hub.url, '--name', 'local', '--token-stdin'],
      { LANDFALL_CONFIG: config },
      `${hub.adminKey}\n`,
    );
    expect(login).toMatchObject({ code: 0 });
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    const listed = await runLandfall(['regions', 'get', 'eu-west-2', '-o', 'json'], {
      LANDFALL_CONFIG: config,
    });
    expect(listed.code).toBe(0);
    expect((await runLandfall(['contexts', 'list'], { LANDFALL_CONFIG: config })).stdout).toMatch(
      new RegExp(`\\*\\s+local\\s+${hub.url.replace(/\./g, '\\.')}`),
    );
    const wrong = await runLandfall(
      ['login', '--addr', hub.url, '--name', 'bad', '--token', 'lf_adm_nope_nope'],
      {
        LANDFALL_CONFIG: config,
      },
    );
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^landfall: AUTH\.INVALID_KEY: /);
    expect(await readFile(config, 'utf8')).not.toContain('bad:');
  });

  it('reports a wrong key, a refused scope and an unreachable hub in one stderr line, nothing on stdout', async () => {
    const wrong = await runLandfall(['accounts', 'list'], {
      ...env,
      LANDFALL_TOKEN: 'lf_adm_abcdefgh_wrong',
    });
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toMatch(/^landfall: AUTH\.INVALID_KEY: .*refused.*\n$/);

    const narrow = await runLandfall(
      ['keys', 'create', '--kind', 'admin', '--label', 'narrow', '--scopes', 'accounts:read'],
      env,
    );
    const narrowKey = narrow.stdout.trim();
    const refused = await runLandfall(['regions', 'list'], { ...env, LANDFALL_TOKEN: narrowKey });
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^landfall: AUTH\.MISSING_PERMISSION: .*regions:read.*\n$/);

    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await runLandfall(['accounts', 'list'], { ...env, LANDFALL_ADDR: closed });
    expect(down).toMatchObject({ code: 1, stdout: '' });
    expect(down.stderr).toBe(
      `landfall: CLI.HUB_UNREACHABLE: cannot reach the hub at ${closed} (LANDFALL_ADDR): connection refused\n`,
    );
    const noKey = await runLandfall(['accounts', 'list'], { LANDFALL_ADDR: hub.url });
    expect(noKey).toMatchObject({ code: 2, stdout: '' });
    expect(noKey.stderr).toMatch(/CLI\.NO_TOKEN/);
  });

  it('exits 2 with the usage and a suggestion for unknown commands and flags; --version and completion work', async () => {
    const typo = await runLandfall(['acounts', 'list'], env);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain("unknown command 'acounts'");
    expect(typo.stderr).toContain('(Did you mean accounts?)');
    expect(typo.stderr).toContain('Usage: landfall');
    const flag = await runLandfall(['regions', 'list', '--verbse'], env);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toContain("unknown option '--verbse'");
    expect(flag.stderr).toContain('Usage: landfall regions list [options]');
    for (const args of [
      ['placement', 'explain', '999.1.1.1'],
      ['placement', 'explain'],
      ['index', 'generate', '--format', 'csv'],
      ['index', 'import'],
      ['index', 'generate', '--min-samples', '0'],
      ['accounts', 'get', 'not-a-uuid'],
      ['migrations', 'plan', '--from', 'us-east-1'],
      ['migrations', 'plan', '--to', 'eu-west-1'],
      ['regions', 'list', '-o', 'xml'],
    ]) {
      const result = await runLandfall(args, env);
      expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(result.stderr).not.toBe('');
    }
    const version = await runLandfall(['--version']);
    expect(version).toMatchObject({
      code: 0,
      stdout: `${JSON.parse(await readFile('package.json', 'utf8')).version}\n`,
    });
    const completion = await runLandfall(['completion', 'bash']);
    expect(completion.code).toBe(0);
    expect(completion.stdout).toContain('complete -o default -F _landfall_complete landfall');
    expect(completion.stdout).toMatch(/"migrations"\) words="plan start status list cancel/);
  });

  // Last: it revokes the first-run admin key the other tests use.
  it('applies database migrations and mints a break-glass admin key straight on the database, audited', async () => {
    const db = hub.databaseEnv;
    const migrated = await runLandfall(['db', 'migrate'], db);
    expect(migrated).toMatchObject({ code: 0 });
    expect(migrated.stdout).toMatch(/^migrations applied to postgresql:\/\//);

    const refused = await runLandfall(['admin', 'bootstrap'], db);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^landfall: CLI\.ADMIN_KEY_EXISTS: /);

    // Every admin key lost: revoke them all through the API, then break glass.
    const admins = await landfallJson<Page<{ id: string; revokedAt: string | null }>>(
      ['keys', 'list', '--kind', 'admin', '--status', 'active'],
      env,
    );
    for (const key of admins.items) await landfallJson(['keys', 'revoke', key.id], env);
    expect((await runLandfall(['accounts', 'list'], env)).stderr).toMatch(/AUTH\.REVOKED_KEY/);

    const minted = await runLandfall(['admin', 'bootstrap'], db);
    expect(minted.code).toBe(0);
    const key = minted.stdout.trim();
    expect(key).toMatch(/^lf_adm_\S+$/);
    const fresh = { ...env, LANDFALL_TOKEN: key };
    expect((await runLandfall(['accounts', 'list'], fresh)).code).toBe(0);
    const audit = await landfallJson<Page<{ actorType: string; actorId: string }>>(
      ['audit', 'list', '--action', 'key.bootstrap'],
      fresh,
    );
    expect(audit.items).toEqual([expect.objectContaining({ actorType: 'cli', actorId: user })]);
    // --actor is sent as the API's actorId filter: the CLI user's own events, oldest first.
    const byActor = await landfallJson<Page<{ actorId: string; action: string }>>(
      ['audit', 'list', '--actor', user, '--sort', 'at', '--all'],
      fresh,
    );
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((e) => e.actorId === user)).toBe(true);
    expect(byActor.items.at(-1)?.action).toBe('key.bootstrap');
  });
});
