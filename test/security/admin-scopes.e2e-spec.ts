import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PERMISSIONS,
  REQUIRED_SCOPE_EXTENSION,
  ROUTE_ACCESS,
  type AdminPermission,
  type RouteAccess,
} from '@landfall/identity';
import { anAddress, anAdminKey, bearer } from '../init/support/fixtures';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';

interface AdminOperation {
  method: string;
  path: string;
  scope: AdminPermission;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const A_UUID = '00000000-0000-4000-8000-000000000000';

/** Every handler Nest mounted, with its access rule (read from the same metadata the guard reads). */
function mountedHandlers(hub: TestHub): { where: string; access: RouteAccess | undefined; path: string }[] {
  const reflector = hub.app.get(Reflector);
  const scanner = new MetadataScanner();
  const handlers: { where: string; access: RouteAccess | undefined; path: string }[] = [];
  for (const wrapper of new DiscoveryService(hub.app.get(ModulesContainer)).getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const access = reflector.getAllAndOverride<RouteAccess | undefined, string>(ROUTE_ACCESS, [
        handler,
        wrapper.metatype,
      ]);
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      handlers.push({
        where: `${wrapper.name}.${name}`,
        access,
        path: `/${base}/${sub}`.replace(/\/+/g, '/'),
      });
    }
  }
  return handlers;
}

/** A request that reaches the guard: path parameters filled, a body no DTO accepts (so nothing is written). */
function probe(operation: AdminOperation) {
  const url = operation.path.replace(/\{[^}]+\}/g, (name) =>
    /code|version/i.test(name) ? 'zz-probe-1' : A_UUID,
  );
  const body = operation.method === 'get' || operation.method === 'delete' ? undefined : { probeField: true };
  return { method: operation.method.toUpperCase() as 'GET', url, payload: body };
}

describe('admin scope catalogue: every admin route has a least-privilege key that works', () => {
  let hub: TestHub;
  let operations: AdminOperation[];

  beforeAll(async () => {
    hub = await startTestHub();
    const doc = (await hub.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json<{
      paths: Record<string, Record<string, Record<string, unknown>>>;
    }>();
    operations = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/admin/')) continue;
      for (const method of HTTP_METHODS) {
        if (item[method]) {
          operations.push({ method, path, scope: item[method][REQUIRED_SCOPE_EXTENSION] as AdminPermission });
        }
      }
    }
  });
  afterAll(async () => hub?.close());

  it('every mounted handler declares an access rule; every admin handler a scope from the catalogue', () => {
    const handlers = mountedHandlers(hub);
    expect(handlers.length).toBeGreaterThan(30);
    expect(handlers.filter((h) => !h.access).map((h) => h.where)).toEqual([]);
    const admin = handlers.filter((h) => h.access?.kind === 'admin');
    const catalogue = new Set<string>(ADMIN_PERMISSIONS);
    expect(
      admin
        .filter((h) => h.access?.kind === 'admin' && !catalogue.has(h.access.permission))
        .map((h) => h.where),
    ).toEqual([]);
    // Nothing admin hides from the OpenAPI document, and nothing under /admin is anything but an admin route.
    expect(operations.length).toBe(admin.length);
    expect(handlers.filter((h) => h.path.startsWith('/admin/') && h.access?.kind !== 'admin')).toEqual([]);
  });

  it('every admin operation in the OpenAPI document names its scope', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((o) => !ADMIN_PERMISSIONS.includes(o.scope))).toEqual([]);
  });

  it('a key with only the route’s scope passes the guard; a key with every other scope gets 403', async () => {
    const only = new Map<AdminPermission, string>();
    const allBut = new Map<AdminPermission, string>();
    for (const scope of new Set(operations.map((o) => o.scope))) {
      only.set(scope, await anAdminKey(hub.prisma, [scope]));
      allBut.set(
        scope,
        await anAdminKey(
          hub.prisma,
          ADMIN_PERMISSIONS.filter((p) => p !== scope),
        ),
      );
    }
    const refusedWithScope: string[] = [];
    const allowedWithout: string[] = [];
    for (const operation of operations) {
      const name = `${operation.method.toUpperCase()} ${operation.path} (${operation.scope})`;
      const withScope = await hub.app.inject({
        ...probe(operation),
        headers: bearer(only.get(operation.scope)!),
        remoteAddress: anAddress(),
      });
      if (withScope.statusCode === 401 || withScope.statusCode === 403 || withScope.statusCode === 429)
        refusedWithScope.push(`${name}: ${withScope.statusCode} ${withScope.body}`);
      const without = await hub.app.inject({
        ...probe(operation),
        headers: bearer(allBut.get(operation.scope)!),
        remoteAddress: anAddress(),
      });
      if (without.statusCode !== 403 || without.json().error.code !== 'AUTH.MISSING_PERMISSION')
        allowedWithout.push(`${name}: ${without.statusCode} ${without.body}`);
    }
    expect(refusedWithScope).toEqual([]);
    expect(allowedWithout).toEqual([]);
  });

  it('mints a read-only dashboard key and an operator key through the API, and each works', async () => {
    const root = bearer(await anAdminKey(hub.prisma));
    const reads = ADMIN_PERMISSIONS.filter((p) => p.endsWith(':read'));
    const operatorScopes = ADMIN_PERMISSIONS.filter(
      (p) => !p.startsWith('keys:') && !p.startsWith('tklbam:'),
    );
    const mint = async (scopes: readonly string[]) => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/admin/v1/keys',
        headers: root,
        payload: { kind: 'admin', label: `scoped ${scopes.length}`, scopes },
      });
      expect(res.statusCode, res.body).toBe(201);
      return bearer(res.json().plaintext as string);
    };
    const dashboard = await mint(reads);
    const operator = await mint(operatorScopes);

    for (const operation of operations) {
      const name = `${operation.method.toUpperCase()} ${operation.path}`;
      for (const [key, scopes] of [
        [dashboard, reads],
        [operator, operatorScopes],
      ] as const) {
        const res = await hub.app.inject({ ...probe(operation), headers: key, remoteAddress: anAddress() });
        const expected = scopes.includes(operation.scope) ? 'passes' : 'refused';
        const actual =
          res.statusCode === 403 ? 'refused' : res.statusCode === 401 ? 'unauthenticated' : 'passes';
        expect(`${name}: ${actual}`).toBe(`${name}: ${expected}`);
      }
    }
    // And for real: the dashboard reads lists; the operator creates an account; neither mints keys.
    expect(
      (await hub.app.inject({ method: 'GET', url: '/admin/v1/accounts', headers: dashboard })).statusCode,
    ).toBe(200);
    const created = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/accounts',
      headers: operator,
      payload: { name: `operator-made-${Date.now()}` },
    });
    expect(created.statusCode, created.body).toBe(201);
    const refused = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/keys',
      headers: operator,
      payload: { kind: 'admin', label: 'x', scopes: ['accounts:read'] },
    });
    expect(refused.statusCode).toBe(403);

    // The operator changes placement for real: its override is created and decides the map's entry at once; the
    // read-only key's identical write is refused and leaves nothing behind.
    await useGatewayRegions(hub.prisma);
    const wyoming = { scope: 'US-WY', region: 'eu-west-1', reason: 'operator scope test' };
    await hub.prisma.indexOverride.deleteMany({ where: { scope: wyoming.scope } });
    const readOnlyWrite = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: dashboard,
      payload: wyoming,
    });
    expect(readOnlyWrite.statusCode).toBe(403);
    expect(readOnlyWrite.json().error.code).toBe('AUTH.MISSING_PERMISSION');
    expect(await hub.prisma.indexOverride.count({ where: { scope: wyoming.scope } })).toBe(0);
    const written = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: operator,
      payload: wyoming,
    });
    expect(written.statusCode, written.body).toBe(201);
    try {
      const map = await hub.app.inject({ method: 'GET', url: '/admin/v1/placement/map', headers: dashboard });
      const entry = map
        .json<{ entries: { code: string; source: string; regions: string[] }[] }>()
        .entries.find((e) => e.code === wyoming.scope);
      expect({ source: entry?.source, first: entry?.regions[0] }).toEqual({
        source: 'override',
        first: wyoming.region,
      });
    } finally {
      await hub.app.inject({
        method: 'DELETE',
        url: `/admin/v1/overrides/${written.json().id}`,
        headers: operator,
      });
    }
  });
});
