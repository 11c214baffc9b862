import { Controller, Get, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Admin,
  Agent,
  CurrentAppliance,
  KeyUsageRecorder,
  type AppliancePrincipal,
} from '@landfall/identity';
import { startTestHub, type TestHub } from '../support/test-hub';
import { anAddress, anAdminKey, anAppliance, bearer } from './support/fixtures';

@Controller('probe-auth')
class ProbeAuthController {
  @Get('agent')
  @Agent()
  agent(@CurrentAppliance() appliance: AppliancePrincipal): { applianceId: string } {
    return { applianceId: appliance.applianceId };
  }

  @Get('admin')
  @Admin('keys:read')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeAuthController] })
class ProbeAuthModule {}

describe('authentication and the global guard', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ extraModules: [ProbeAuthModule], env: { AUTH_FAILURE_LIMIT: '5' } });
  });
  afterAll(async () => hub?.close());

  const get = (url: string, headers: Record<string, string> = {}, remoteAddress = anAddress()) =>
    hub.app.inject({ method: 'GET', url, headers, remoteAddress });

  it('lets an appliance key reach an agent route, as Bearer or X-Api-Key', async () => {
    const a = await anAppliance(hub.prisma);
    const viaBearer = await get('/probe-auth/agent', bearer(a.key));
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json()).toEqual({ applianceId: a.applianceId });
    const viaHeader = await get('/probe-auth/agent', { 'x-api-key': a.key });
    expect(viaHeader.statusCode).toBe(200);
  });

  it.each([
    ['no key', {}, 'AUTH.MISSING_KEY'],
    ['a malformed key', { authorization: 'Bearer nope' }, 'AUTH.INVALID_KEY'],
    ['a basic auth header', { authorization: 'Basic dXNlcjpwYXNz' }, 'AUTH.INVALID_KEY'],
    ['an unknown key', bearer(`lf_app_abcdefghijkl_${'A'.repeat(43)}`), 'AUTH.INVALID_KEY'],
    ['an oversized header', { authorization: `Bearer ${'x'.repeat(5000)}` }, 'AUTH.INVALID_KEY'],
  ])('answers %s with 401 and a code', async (_, headers, code) => {
    const res = await get('/probe-auth/agent', headers);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
  });

  it('refuses a right prefix with a wrong secret', async () => {
    const a = await anAppliance(hub.prisma);
    const forged = a.key.slice(0, -4) + (a.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await get('/probe-auth/agent', bearer(forged));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.INVALID_KEY');
  });

  it('refuses a revoked key with AUTH.REVOKED_KEY', async () => {
    const a = await anAppliance(hub.prisma);
    await hub.prisma.apiKey.update({ where: { id: a.keyId }, data: { revokedAt: new Date() } });
    const res = await get('/probe-auth/agent', bearer(a.key));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.REVOKED_KEY');
  });

  it('keeps appliance keys off admin routes (403) and admin keys off agent routes', async () => {
    const a = await anAppliance(hub.prisma);
    const admin = await anAdminKey(hub.prisma);
    const appOnAdmin = await get('/probe-auth/admin', bearer(a.key));
    expect(appOnAdmin.statusCode).toBe(403);
    expect(appOnAdmin.json().error.code).toBe('AUTH.WRONG_KEY_KIND');
    const adminOnAgent = await get('/probe-auth/agent', bearer(admin));
    expect(adminOnAgent.statusCode).toBe(403);
    expect(adminOnAgent.json().error.code).toBe('AUTH.WRONG_KEY_KIND');
    expect((await get('/probe-auth/admin', bearer(admin))).statusCode).toBe(200);
  });

  it('checks admin permissions', async () => {
    const narrow = await anAdminKey(hub.prisma, ['backups:read']);
    const res = await get('/probe-auth/admin', bearer(narrow));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.MISSING_PERMISSION');
  });

  it('denies a route that declares no access rule, even with a valid key', async () => {
    const admin = await anAdminKey(hub.prisma);
    const res = await get('/probe-auth/undeclared', bearer(admin));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH.ROUTE_NOT_EXPOSED');
  });

  it('keeps health, readiness and docs public', async () => {
    expect((await get('/healthz')).statusCode).toBe(200);
    expect((await get('/docs/openapi.json')).statusCode).toBe(200);
    expect([200, 503]).toContain((await get('/readyz')).statusCode);
  });

  it('rate-limits repeated failures from one address with 429 and Retry-After, but never a valid key', async () => {
    const address = anAddress();
    const a = await anAppliance(hub.prisma);
    for (let i = 0; i < 5; i += 1) {
      expect((await get('/probe-auth/agent', bearer('lf_app_x'), address)).statusCode).toBe(401);
    }
    const limited = await get('/probe-auth/agent', bearer('lf_app_x'), address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get('/probe-auth/agent', bearer(a.key), address)).statusCode).toBe(200);
    expect((await get('/probe-auth/agent', bearer('lf_app_x'), anAddress())).statusCode).toBe(401);
  });

  it('records last use without a write per request', async () => {
    const a = await anAppliance(hub.prisma);
    for (let i = 0; i < 3; i += 1) await get('/probe-auth/agent', bearer(a.key));
    // Flushed in batches (once a minute, and on shutdown); force the flush the timer would do.
    await hub.app.get(KeyUsageRecorder).flush();
    const row = await hub.prisma.apiKey.findUniqueOrThrow({ where: { id: a.keyId } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it('names the security schemes in the OpenAPI document', async () => {
    const doc = (await get('/docs/openapi.json')).json();
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['appliance-key', 'admin-key']),
    );
    expect(doc.paths['/probe-auth/admin'].get.security).toEqual([{ 'admin-key': [] }]);
  });
});
