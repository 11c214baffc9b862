import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PERMISSIONS } from '@landfall/identity';
import { anAddress, anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

/** An attacker holding a narrow admin key tries to widen it: mint a wider key, or revoke the operators' keys. */
describe('admin keys: least privilege when minting and revoking', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.close());

  const call = (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    hub.app.inject({ method, url, headers: bearer(key), payload, remoteAddress: anAddress() });
  const keyIdOf = async (plaintext: string) => {
    const prefix = plaintext.split('_')[2];
    return (await hub.prisma.apiKey.findUniqueOrThrow({ where: { prefix } })).id;
  };

  it('a keys:write key cannot mint an admin key or any scope it does not hold', async () => {
    const narrow = await anAdminKey(hub.prisma, ['keys:write']);
    const before = await hub.prisma.apiKey.count();
    for (const scopes of [['admin'], ['keys:write', 'accounts:write'], ['keys:read'], undefined]) {
      const res = await call('POST', '/admin/v1/keys', narrow, { kind: 'admin', label: 'escalate', scopes });
      expect(res.statusCode, JSON.stringify(scopes)).toBe(403);
      expect(res.json().error.code).toBe('KEY.SCOPE_BEYOND_OWN');
    }
    expect(await hub.prisma.apiKey.count()).toBe(before);

    // Within its own scopes it may mint, and the minted key is no wider than asked.
    const same = await call('POST', '/admin/v1/keys', narrow, {
      kind: 'admin',
      label: 'ok',
      scopes: ['keys:write'],
    });
    expect(same.statusCode).toBe(201);
    expect(same.json().key.scopes).toEqual(['keys:write']);
    const minted = same.json().plaintext as string;
    expect((await call('GET', '/admin/v1/accounts', minted)).statusCode).toBe(403);
    // Appliance keys carry no admin permission: keys:write governs them.
    const appliance = await anAppliance(hub.prisma);
    const applianceKey = await call('POST', '/admin/v1/keys', narrow, {
      kind: 'appliance',
      applianceId: appliance.applianceId,
      label: 'box',
    });
    expect(applianceKey.statusCode).toBe(201);
  });

  it('a keys:write key cannot revoke a full admin key or a wider one; it can revoke what it could mint', async () => {
    const narrow = await anAdminKey(hub.prisma, ['keys:write']);
    const root = await anAdminKey(hub.prisma);
    const wider = await anAdminKey(hub.prisma, ['keys:write', 'accounts:write']);
    for (const target of [root, wider]) {
      const res = await call('POST', `/admin/v1/keys/${await keyIdOf(target)}/revoke`, narrow);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('KEY.SCOPE_BEYOND_OWN');
    }
    // Both still work.
    expect((await call('GET', '/admin/v1/accounts', root)).statusCode).toBe(200);
    expect((await call('POST', '/admin/v1/accounts', wider, { name: `w-${Date.now()}` })).statusCode).toBe(
      201,
    );

    const peer = await anAdminKey(hub.prisma, ['keys:write']);
    const appliance = await anAppliance(hub.prisma);
    expect((await call('POST', `/admin/v1/keys/${await keyIdOf(peer)}/revoke`, narrow)).statusCode).toBe(200);
    expect((await call('POST', `/admin/v1/keys/${appliance.keyId}/revoke`, narrow)).statusCode).toBe(200);
    expect(
      (await call('POST', '/admin/v1/keys', peer, { kind: 'admin', label: 'x', scopes: [] })).statusCode,
    ).toBe(401);
    // A full admin key can revoke anything.
    expect((await call('POST', `/admin/v1/keys/${await keyIdOf(wider)}/revoke`, root)).statusCode).toBe(200);
  });

  it('a key holding every single permission still cannot mint or revoke "admin" (it also grants future ones)', async () => {
    const everything = await anAdminKey(hub.prisma, [...ADMIN_PERMISSIONS]);
    const res = await call('POST', '/admin/v1/keys', everything, {
      kind: 'admin',
      label: 'x',
      scopes: ['admin'],
    });
    expect(res.statusCode).toBe(403);
    const root = await anAdminKey(hub.prisma);
    expect((await call('POST', `/admin/v1/keys/${await keyIdOf(root)}/revoke`, everything)).statusCode).toBe(
      403,
    );
  });
});
