import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix, type TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from './support/fixtures';
import { gatewayOrSkip, startInitHub } from './support/init-hub';

const gateway = gatewayOrSkip();

describe('admin API: accounts, appliances, keys, backups', () => {
  let hub: TestHub;
  let admin: string;

  beforeAll(async () => {
    hub = await startInitHub();
    admin = await anAdminKey(hub.prisma);
  });
  afterAll(async () => hub?.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object, key = admin) =>
    hub.app.inject({ method, url, headers: bearer(key), payload });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  const json = <T = Record<string, any>>(res: LightMyRequestResponse) => res.json<T>();

  it('takes an appliance from nothing to a working key, then revokes it', async () => {
    const account = await call('POST', '/admin/v1/accounts', { name: `acme-${uniqueSuffix()}` });
    expect(account.statusCode).toBe(201);
    const appliance = await call('POST', '/admin/v1/appliances', {
      accountId: json(account).id,
      name: 'rack-3',
    });
    expect(appliance.statusCode).toBe(201);
    const created = await call('POST', '/admin/v1/keys', {
      kind: 'appliance',
      applianceId: json(appliance).id,
      label: 'rack 3',
    });
    expect(created.statusCode).toBe(201);
    const { key, plaintext } = json(created);
    expect(plaintext).toMatch(/^lf_app_/);
    expect(key).toMatchObject({
      kind: 'appliance',
      accountId: json(account).id,
      applianceId: json(appliance).id,
    });
    expect(JSON.stringify(key)).not.toMatch(/secret|hash/i);

    const agentCall = () => hub.app.inject({ method: 'GET', url: '/v1/backups', headers: bearer(plaintext) });
    expect((await agentCall()).statusCode).toBe(200);

    const listed = await call('GET', `/admin/v1/keys?applianceId=${json(appliance).id}`);
    expect(json(listed).items.map((k: { prefix: string }) => k.prefix)).toEqual([key.prefix]);
    expect(listed.body).not.toContain(plaintext.split('_').pop());

    const revoked = await call('POST', `/admin/v1/keys/${key.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(json(revoked).revokedAt).toEqual(expect.any(String));
    const refused = await agentCall();
    expect(refused.statusCode).toBe(401);
    expect(json(refused).error.code).toBe('AUTH.REVOKED_KEY');

    const actions = (
      await hub.prisma.auditEvent.findMany({ where: { targetId: key.id }, orderBy: { id: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual(['key.create', 'key.revoke']);
  });

  it('disabling an appliance or its account shuts its keys out until re-enabled', async () => {
    const a = await anAppliance(hub.prisma);
    const agentCall = () => hub.app.inject({ method: 'GET', url: '/v1/backups', headers: bearer(a.key) });
    expect((await agentCall()).statusCode).toBe(200);
    await call('POST', `/admin/v1/appliances/${a.applianceId}/disable`);
    expect(json(await agentCall()).error.code).toBe('AUTH.APPLIANCE_DISABLED');
    await call('POST', `/admin/v1/appliances/${a.applianceId}/enable`);
    await call('POST', `/admin/v1/accounts/${a.accountId}/disable`);
    const refused = await agentCall();
    expect(refused.statusCode).toBe(403);
    expect(json(refused).error.code).toBe('AUTH.ACCOUNT_DISABLED');
    await call('POST', `/admin/v1/accounts/${a.accountId}/enable`);
    expect((await agentCall()).statusCode).toBe(200);
  });

  it('pages through appliances with a cursor, newest first, without gaps or repeats', async () => {
    const account = json(await call('POST', '/admin/v1/accounts', { name: `paged-${uniqueSuffix()}` }));
    for (let i = 0; i < 5; i += 1)
      await call('POST', '/admin/v1/appliances', { accountId: account.id, name: `a${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = json(
        await call(
          'GET',
          `/admin/v1/appliances?accountId=${account.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ),
      );
      seen.push(...page.items.map((a: { name: string }) => a.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
  });

  it('answers conflicts, unknown ids, malformed ids, bad cursors and unknown parameters with codes', async () => {
    const name = `dup-${uniqueSuffix()}`;
    await call('POST', '/admin/v1/accounts', { name });
    const cases: [Promise<LightMyRequestResponse>, number, string][] = [
      [call('POST', '/admin/v1/accounts', { name }), 409, 'ACCOUNT.NAME_TAKEN'],
      [call('GET', '/admin/v1/accounts/00000000-0000-4000-8000-000000000000'), 404, 'ACCOUNT.NOT_FOUND'],
      [call('GET', '/admin/v1/appliances/nope'), 400, 'REQUEST.INVALID_ID'],
      [call('POST', '/admin/v1/keys/nope/revoke'), 400, 'REQUEST.INVALID_ID'],
      [call('GET', '/admin/v1/backups?cursor=bm9wZQ'), 400, 'REQUEST.INVALID_CURSOR'],
      [call('GET', '/admin/v1/backups?colour=red'), 400, 'REQUEST.INVALID'],
      [call('POST', '/admin/v1/keys', { kind: 'appliance', label: 'x' }), 400, 'REQUEST.INVALID'],
      [
        call('POST', '/admin/v1/keys', {
          kind: 'appliance',
          applianceId: '00000000-0000-4000-8000-000000000000',
          label: 'x',
        }),
        404,
        'APPLIANCE.NOT_FOUND',
      ],
      [
        call('POST', '/admin/v1/appliances', {
          accountId: '00000000-0000-4000-8000-000000000000',
          name: 'x',
        }),
        404,
        'ACCOUNT.NOT_FOUND',
      ],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect({ status: res.statusCode, code: json(res).error.code }).toEqual({ status, code });
    }
  });

  it('keeps appliance keys and narrow admin keys out', async () => {
    const a = await anAppliance(hub.prisma);
    const viaAppliance = await call('GET', '/admin/v1/accounts', undefined, a.key);
    expect(viaAppliance.statusCode).toBe(403);
    expect(json(viaAppliance).error.code).toBe('AUTH.WRONG_KEY_KIND');
    const reader = await anAdminKey(hub.prisma, ['accounts:read']);
    expect((await call('GET', '/admin/v1/accounts', undefined, reader)).statusCode).toBe(200);
    const write = await call('POST', '/admin/v1/accounts', { name: `x-${uniqueSuffix()}` }, reader);
    expect(json(write).error.code).toBe('AUTH.MISSING_PERMISSION');
  });

  it.skipIf(!gateway)('lists backups filtered by account, region and status, and retires one', async () => {
    const a = await anAppliance(hub.prisma);
    const b = await anAppliance(hub.prisma, a.accountId);
    const init = (key: string, payload: object) =>
      hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(key), payload });
    const ba = json(await init(a.key, {})).backup;
    const bb = json(await init(b.key, { regionHint: 'eu-west-1' })).backup;

    const all = json(await call('GET', `/admin/v1/backups?accountId=${a.accountId}`));
    expect(all.items.map((x: { id: string }) => x.id).sort()).toEqual([ba.id, bb.id].sort());
    const eu = json(await call('GET', `/admin/v1/backups?accountId=${a.accountId}&region=eu-west-1`));
    expect(eu.items.map((x: { id: string }) => x.id)).toEqual([bb.id]);

    const retired = await call('POST', `/admin/v1/backups/${ba.id}/retire`);
    expect(json(retired).status).toBe('retired');
    const active = json(await call('GET', `/admin/v1/backups?accountId=${a.accountId}&status=active`));
    expect(active.items.map((x: { id: string }) => x.id)).toEqual([bb.id]);

    // The appliance's next init starts a new backup; the retired one stays listed for it.
    const next = json(await init(a.key, {})).backup;
    expect(next.id).not.toBe(ba.id);
    const mine = json(await hub.app.inject({ method: 'GET', url: '/v1/backups', headers: bearer(a.key) }));
    expect(mine.items.map((x: { id: string }) => x.id).sort()).toEqual([ba.id, next.id].sort());
  });

  it('documents every admin route with its schemas in OpenAPI', async () => {
    const doc = json(await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' }));
    for (const path of [
      '/admin/v1/accounts',
      '/admin/v1/appliances',
      '/admin/v1/keys',
      '/admin/v1/backups',
      '/v1/init',
      '/v1/backups/{id}',
      '/v1/backups/{id}/credentials',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'InitResponseDto',
        'CredentialsDto',
        'PlacementDecisionDto',
        'CreatedApiKeyDto',
      ]),
    );
    expect(doc.paths['/v1/init'].post.security).toEqual([{ 'appliance-key': [] }, { 'api-key-header': [] }]);
  });
});
