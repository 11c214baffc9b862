import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const ALLOWED = 'https://dash.example.com';
const OTHER = 'https://evil.example.com';

describe('CORS_ORIGINS', () => {
  let hub: TestHub;
  let admin: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub({ env: { CORS_ORIGINS: `${ALLOWED}, http://127.0.0.1:21501` } });
    admin = bearer(await anAdminKey(hub.prisma));
  });
  afterAll(async () => {
    await hub?.close();
  });

  const preflight = (origin: string) =>
    hub.app.inject({
      method: 'OPTIONS',
      url: '/admin/v1/regions',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('answers an allowed origin’s preflight and real request with the CORS headers', async () => {
    const pre = await preflight(ALLOWED);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(pre.headers['access-control-allow-headers'])).toContain('authorization');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('GET');

    const real = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/regions',
      headers: { ...admin, origin: ALLOWED },
    });
    expect(real.statusCode).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(real.headers['access-control-expose-headers'])).toContain('x-request-id');
  });

  it('gives another origin no CORS headers', async () => {
    const pre = await preflight(OTHER);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const real = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/regions',
      headers: { ...admin, origin: OTHER },
    });
    expect(real.statusCode).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('without CORS_ORIGINS (the default)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('sends no CORS headers to any origin', async () => {
    const res = await hub.app.inject({
      method: 'OPTIONS',
      url: '/admin/v1/regions',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
