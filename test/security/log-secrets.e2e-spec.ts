import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, dropDatabase, uniqueDatabaseName } from '../setup/test-database';
import { startHubProcess, type HubProcess } from '../support/hub-process';

const gateway = inject('gateway');
const A_UUID = '00000000-0000-4000-8000-000000000000';

interface Operation {
  method: string;
  path: string;
}

/**
 * A production hub as its own process, at the most verbose log level, driven through every route of its OpenAPI
 * document with valid and invalid keys, keys in headers and (as careless clients do) in query strings, TKLBAM's
 * `subkey/?apikey=…`, `/v1/init` and TKLBAM credentials. Then its whole stdout and stderr are searched for every
 * secret the run handled.
 */
describe.skipIf(!gateway)('no secret reaches the log of a production hub', () => {
  let hub: HubProcess;
  let dir: string;
  let database: string;
  let keyFile: string;
  const secrets = new Map<string, string>();
  let requests = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-logs-'));
    keyFile = path.join(dir, 'keys', 'first-admin-key');
    database = uniqueDatabaseName('logs');
    const url = await createDatabase(inject('databaseUrl'), database);
    hub = await startHubProcess({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      LOG_LEVEL: 'trace',
      FIRST_ADMIN_KEY_FILE: keyFile,
      BUCKET_PREFIX: `lfl-${Date.now().toString(36)}`,
    });
    secrets.set('hub S3 secret', gateway!.hub.secretAccessKey);
  });
  afterAll(async () => {
    await hub?.stop('SIGKILL');
    await dropDatabase(inject('databaseUrl'), database).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const send = async (
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Response> => {
    requests += 1;
    const form = typeof body === 'string';
    return fetch(`${hub.url}${url}`, {
      method,
      headers: {
        ...(body === undefined
          ? {}
          : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  };
  const json = async <T>(response: Promise<Response>, status: number): Promise<T> => {
    const res = await response;
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return JSON.parse(text) as T;
  };
  const remember = (name: string, key: string) => {
    secrets.set(name, key);
    // A Landfall key's secret part alone, too: a log that kept the prefix and dropped the rest is fine, the reverse is not.
    const secretPart = /^lf_(?:adm|app)_[a-z0-9]+_(.+)$/i.exec(key)?.[1];
    if (secretPart) secrets.set(`${name} (secret part)`, secretPart);
  };

  it('first start: no demo data, no key on stdout, the admin key in a 0600 file', async () => {
    const adminKey = (await readFile(keyFile, 'utf8')).trim();
    expect(adminKey).toMatch(/^lf_adm_/);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(hub.output()).toContain(keyFile);
    expect(hub.output()).not.toContain('shown ONCE');
    remember('first admin key', adminKey);
    const admin = { authorization: `Bearer ${adminKey}` };
    const accounts = await json<{ items: unknown[] }>(send('GET', '/admin/v1/accounts', admin), 200);
    expect(accounts.items).toEqual([]);
  });

  it('drives every route with valid and invalid credentials, then finds none of them in the log', async () => {
    const adminKey = secrets.get('first admin key')!;
    const admin = { authorization: `Bearer ${adminKey}` };
    for (const [index, region] of gateway!.regions.entries()) {
      await json(
        send('POST', '/admin/v1/regions', admin, {
          code: region.code,
          displayName: region.code,
          latitude: index * 10,
          longitude: index * 10,
          endpoint: region.endpoint,
        }),
        201,
      );
    }
    const account = await json<{ id: string }>(
      send('POST', '/admin/v1/accounts', admin, { name: 'logs' }),
      201,
    );
    const appliance = await json<{ id: string }>(
      send('POST', '/admin/v1/appliances', admin, { accountId: account.id, name: 'box' }),
      201,
    );
    const applianceKey = (
      await json<{ plaintext: string }>(
        send('POST', '/admin/v1/keys', admin, { kind: 'appliance', applianceId: appliance.id, label: 'box' }),
        201,
      )
    ).plaintext;
    remember('appliance key', applianceKey);
    const narrowKey = (
      await json<{ plaintext: string }>(
        send('POST', '/admin/v1/keys', admin, { kind: 'admin', label: 'reader', scopes: ['accounts:read'] }),
        201,
      )
    ).plaintext;
    remember('minted admin key', narrowKey);
    const tklbamKey = (
      await json<{ apiKey: string }>(
        send('POST', `/admin/v1/accounts/${account.id}/tklbam-keys`, admin, { label: 'agent' }),
        201,
      )
    ).apiKey;
    secrets.set('TKLBAM API key', tklbamKey);
    const subkey = (
      await json<{ subkey: string }>(
        send('GET', `/api/backup/subkey/?apikey=${tklbamKey}`, { accept: 'application/json' }),
        200,
      )
    ).subkey;
    secrets.set('TKLBAM subkey', subkey);

    const init = await json<{ credentials: { secretAccessKey: string; sessionToken: string } }>(
      send('POST', '/v1/init', { authorization: `Bearer ${applianceKey}` }, {}),
      200,
    );
    secrets.set('init S3 secret', init.credentials.secretAccessKey);
    secrets.set('init session token', init.credentials.sessionToken);
    const tklbamCredentials = await json<{ secretkey: string; sessiontoken: string }>(
      send('GET', '/api/backup/credentials/', { subkey, accept: 'application/json' }),
      200,
    );
    secrets.set('TKLBAM S3 secret', tklbamCredentials.secretkey);
    secrets.set('TKLBAM session token', tklbamCredentials.sessiontoken);

    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      send('GET', '/docs/openapi.json'),
      200,
    );
    const operations: Operation[] = [];
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (item[method]) operations.push({ method: method.toUpperCase(), path: route });
      }
    }
    expect(operations.length).toBeGreaterThan(40);
    const forged = (key: string) => key.slice(0, -6) + (key.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    for (const operation of operations) {
      const url = operation.path.replace(/\{[^}]+\}/g, (name) =>
        /code|version/i.test(name) ? 'zz-none-1' : A_UUID,
      );
      const tklbam = url.startsWith('/api/backup');
      const key = url.startsWith('/v1') ? applianceKey : adminKey;
      const body =
        operation.method === 'GET' || operation.method === 'DELETE' ? undefined : tklbam ? 'key=x' : {};
      const valid: Record<string, string> = tklbam
        ? { subkey, accept: 'application/json' }
        : { authorization: `Bearer ${key}` };
      const attempts: [string, Record<string, string>][] = [
        [url, valid],
        [url, { 'x-api-key': key }],
        [url, tklbam ? { subkey: forged(subkey) } : { authorization: `Bearer ${forged(key)}` }],
        // Careless clients put credentials in the query string.
        [`${url}?apikey=${tklbamKey}&key=${key}&token=${subkey}&subkey=${subkey}`, {}],
        [`${url}?region=x&secret=${init.credentials.secretAccessKey}`, valid],
      ];
      for (const [target, headers] of attempts) await send(operation.method, target, headers, body);
    }
    expect(requests).toBeGreaterThan(200);

    // Stop it cleanly, so everything it logged is flushed, then search the whole output.
    expect(await hub.stop('SIGTERM')).toBe(0);
    const output = hub.output();
    const leaked = [...secrets].filter(([, value]) => output.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    // The request log was there to search (one line per request), with its (redacted) query strings.
    expect(output).toContain('"msg":"request"');
    expect(output).toContain('apikey=[redacted]');
    expect(secrets.size).toBeGreaterThanOrEqual(12);
    process.stdout.write(
      `log capture: ${requests} requests over ${operations.length} operations, ${output.length} bytes of log, ` +
        `${secrets.size} secrets searched, none found\n`,
    );
  });
});
