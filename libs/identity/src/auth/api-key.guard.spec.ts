import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { attachClientAddress } from '@landfall/common';
import { loadConfig } from '@landfall/config';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import type { ApiKeyRepository } from '../keys/api-key.repository';
import { FakeApiKeyRepository } from '../testing/fake-api-key-repository';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyGuard, type AuthenticatedRequest } from './api-key.guard';
import { ApiKeyStrategy } from './api-key.strategy';
import { FailedAuthLimiter } from './failed-auth-limiter';
import type { KeyUsageRecorder } from './key-usage.recorder';
import { ROUTE_ACCESS, type RouteAccess } from './route-access';

/** A route handler carrying the access metadata the decorators set (none: an undecorated route). */
function route(access?: RouteAccess): () => void {
  const handler = () => undefined;
  if (access) Reflect.defineMetadata(ROUTE_ACCESS, access, handler);
  return handler;
}

function contextFor(handler: () => void, headers: Record<string, string> = {}, ip = '192.0.2.10') {
  const request = { ip, headers } as unknown as AuthenticatedRequest;
  attachClientAddress(request, ({ peerIp }) => ({
    ip: peerIp,
    peerIp,
    viaTrustedProxy: false,
    viaCdn: false,
    source: 'peer',
  }));
  const context = {
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe(ApiKeyGuard.name, () => {
  let sut: ApiKeyGuard;
  let keys: FakeApiKeyRepository;
  let used: string[];
  const config = loadConfig({});

  beforeEach(() => {
    keys = new FakeApiKeyRepository();
    const clock = new FakeClock();
    const authenticator = new ApiKeyAuthenticator(keys as unknown as ApiKeyRepository, clock, config);
    const limiter = new FailedAuthLimiter(
      { limit: config.auth.failureLimit, windowSeconds: config.auth.failureWindowSeconds },
      clock,
    );
    used = [];
    const usage = { noteUse: (keyId: string) => used.push(keyId) } as unknown as KeyUsageRecorder;
    sut = new ApiKeyGuard(new Reflector(), new ApiKeyStrategy(authenticator), limiter, usage);
  });

  it('fails closed: a route without an access decorator is refused', async () => {
    await expect(sut.canActivate(contextFor(route()).context)).rejects.toMatchObject({
      code: 'AUTH.ROUTE_NOT_EXPOSED',
    });
  });

  it('lets anyone through a public route without reading a key', async () => {
    const { context, request } = contextFor(route({ kind: 'public' }));
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toBeUndefined();
  });

  it('admits an appliance key on an agent route and puts its principal on the request', async () => {
    const key = keys.add('appliance');
    const { context, request } = contextFor(route({ kind: 'agent' }), {
      authorization: `Bearer ${key.plaintext}`,
    });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toMatchObject({ kind: 'appliance', keyId: key.id });
  });

  it('refuses a missing key, and a key of the wrong kind for the route', async () => {
    const admin = keys.add('admin');
    const appliance = keys.add('appliance');
    const agentRoute = route({ kind: 'agent' });
    const adminRoute = route({ kind: 'admin', permission: 'backups:read' });
    await expect(sut.canActivate(contextFor(agentRoute).context)).rejects.toMatchObject({
      code: 'AUTH.MISSING_KEY',
    });
    await expect(
      sut.canActivate(contextFor(agentRoute, { authorization: `Bearer ${admin.plaintext}` }).context),
    ).rejects.toMatchObject({ code: 'AUTH.WRONG_KEY_KIND' });
    await expect(
      sut.canActivate(contextFor(adminRoute, { authorization: `Bearer ${appliance.plaintext}` }).context),
    ).rejects.toMatchObject({ code: 'AUTH.WRONG_KEY_KIND' });
  });

  it('notes the key of an admitted request as used, never that of a refused one', async () => {
    const reader = keys.add('admin', { scopes: ['backups:read'] });
    const headers = { authorization: `Bearer ${reader.plaintext}` };
    await expect(
      sut.canActivate(contextFor(route({ kind: 'admin', permission: 'migrations:write' }), headers).context),
    ).rejects.toMatchObject({ code: 'AUTH.MISSING_PERMISSION' });
    await expect(
      sut.canActivate(contextFor(route({ kind: 'agent' }), headers).context),
    ).rejects.toMatchObject({
      code: 'AUTH.WRONG_KEY_KIND',
    });
    expect(used).toEqual([]);
    await expect(
      sut.canActivate(contextFor(route({ kind: 'admin', permission: 'backups:read' }), headers).context),
    ).resolves.toBe(true);
    expect(used).toEqual([reader.id]);
  });

  it('checks the admin permission the route names', async () => {
    const reader = keys.add('admin', { scopes: ['backups:read'] });
    const headers = { authorization: `Bearer ${reader.plaintext}` };
    const readRoute = route({ kind: 'admin', permission: 'backups:read' });
    const migrateRoute = route({ kind: 'admin', permission: 'migrations:write' });
    await expect(sut.canActivate(contextFor(readRoute, headers).context)).resolves.toBe(true);
    await expect(sut.canActivate(contextFor(migrateRoute, headers).context)).rejects.toMatchObject({
      code: 'AUTH.MISSING_PERMISSION',
    });
  });

  it('answers 429 to an address past the failure limit, yet still admits a valid key from it', async () => {
    const key = keys.add('appliance');
    const agentRoute = route({ kind: 'agent' });
    const bad = { authorization: `Bearer lf_app_${'a'.repeat(12)}_${'b'.repeat(43)}` };
    for (let i = 0; i < config.auth.failureLimit; i += 1) {
      await expect(sut.canActivate(contextFor(agentRoute, bad).context)).rejects.toMatchObject({
        code: 'AUTH.INVALID_KEY',
      });
    }
    await expect(sut.canActivate(contextFor(agentRoute, bad).context)).rejects.toMatchObject({
      code: 'AUTH.RATE_LIMITED',
    });
    const good = { authorization: `Bearer ${key.plaintext}` };
    await expect(sut.canActivate(contextFor(agentRoute, good).context)).resolves.toBe(true);
  });
});
