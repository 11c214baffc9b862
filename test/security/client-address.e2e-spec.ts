import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { gatewayOrSkip, startInitHub } from '../init/support/init-hub';
import { startTestHub, uniqueSuffix, type TestHub } from '../support/test-hub';

const PROXY = '10.250.0.1';
const CDN_EDGE = '173.245.48.7';
const LIMIT = 3;
const WRONG = `lf_adm_abcdefghijkl_${'A'.repeat(43)}`;

/**
 * An attacker who fails to authenticate, again and again, must not lock anyone out: not the valid keys behind the
 * same proxy, not a valid key from its own address. And whatever the hub attributes a request to (limiter, audit,
 * placement) is the real client, resolved the same way for all three.
 */
describe('failed-authentication limiter and the real client address', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await startTestHub({
      env: {
        TRUSTED_PROXIES: '10.250.0.0/16',
        CDN_PROXIES: '173.245.48.0/20',
        AUTH_FAILURE_LIMIT: String(LIMIT),
      },
    });
    admin = await anAdminKey(hub.prisma);
  });
  afterAll(async () => hub?.close());

  const through = (client: string, key: string, extra: Record<string, string> = {}) =>
    hub.app.inject({
      method: 'GET',
      url: '/admin/v1/accounts?limit=1',
      headers: { ...bearer(key), 'x-forwarded-for': client, ...extra },
      remoteAddress: PROXY,
    });
  const direct = (remoteAddress: string, key: string) =>
    hub.app.inject({ method: 'GET', url: '/admin/v1/accounts?limit=1', headers: bearer(key), remoteAddress });

  it('behind a trusted proxy, one bad client is limited and nobody else is', async () => {
    const attacker = `203.0.113.${10 + Math.floor(Math.random() * 100)}`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i += 1) statuses.push((await through(attacker, WRONG)).statusCode);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(5).fill(429));

    // Another client behind the same proxy: a valid key works, and its own first failure is an honest 401.
    expect((await through('198.51.100.77', admin)).statusCode).toBe(200);
    expect((await through('198.51.100.78', WRONG)).statusCode).toBe(401);
    // The proxy's own address is not what is counted.
    expect((await direct(PROXY, admin)).statusCode).toBe(200);
    // The attacker's address holding a valid key still gets in (a NAT shared with a bad agent).
    expect((await through(attacker, admin)).statusCode).toBe(200);
  });

  it('without a proxy, a valid key is never locked out by failures from its own address', async () => {
    const address = `192.0.2.${10 + Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < LIMIT + 3; i += 1) await direct(address, WRONG);
    expect((await direct(address, WRONG)).statusCode).toBe(429);
    expect((await direct(address, admin)).statusCode).toBe(200);
  });

  it('a client cannot dodge the limit or frame another address with a Forwarded header of its own', async () => {
    const attacker = '203.0.113.201';
    const victim = '203.0.113.202';
    for (let i = 0; i < LIMIT + 2; i += 1) {
      // The client writes "Forwarded: for=<victim>"; the proxy appends the real address to X-Forwarded-For.
      await through(attacker, WRONG, { forwarded: `for=${victim}` });
    }
    expect((await through(attacker, WRONG)).statusCode).toBe(429);
    expect((await through(victim, WRONG)).statusCode).toBe(401);
    // Nor by prepending entries to X-Forwarded-For: the proxy's entry is the rightmost.
    expect((await through(`${victim}, ${attacker}`, WRONG)).statusCode).toBe(429);
  });

  it('the audit row records the real client, not the proxy', async () => {
    const client = '198.51.100.23';
    const name = `audited-${uniqueSuffix()}`;
    const res = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/accounts',
      headers: { ...bearer(admin), 'x-forwarded-for': `8.8.8.8, ${client}` },
      remoteAddress: PROXY,
      payload: { name },
    });
    expect(res.statusCode).toBe(201);
    const event = await hub.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'account.create', targetId: res.json().id },
    });
    expect(event.sourceIp).toBe(client);
  });

  it('a malformed entry appended by a trusted proxy is a coded 400, not a silent proxy address', async () => {
    const res = await through('not-an-address', admin);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PLACEMENT.MALFORMED_FORWARDED_HEADER');
  });
});

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('placement and audit agree on the client; CDN headers only from CDN ranges', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startInitHub({ TRUSTED_PROXIES: '10.250.0.0/16', CDN_PROXIES: '173.245.48.0/20' });
  });
  afterAll(async () => hub?.close());

  const init = async (xForwardedFor: string, extra: Record<string, string> = {}) => {
    const a = await anAppliance(hub.prisma);
    const res = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: { ...bearer(a.key), 'x-forwarded-for': xForwardedFor, ...extra },
      remoteAddress: PROXY,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{
      backup: { id: string };
      placement: { clientIp: string; signal: string; reasons: string[] };
    }>();
  };

  it('placement and the audit row name the same real client', async () => {
    const body = await init('81.2.69.142');
    expect(body.placement.clientIp).toBe('81.2.69.142');
    const event = await hub.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'backup.init', targetId: body.backup.id },
    });
    expect(event.sourceIp).toBe('81.2.69.142');
  });

  it('believes CF-IPCountry only when the client connected to a CDN range', async () => {
    const viaCdn = await init(`203.0.113.9, ${CDN_EDGE}`, { 'cf-ipcountry': 'DE' });
    expect(viaCdn.placement.signal).toBe('cdn-country');
    const lbOnly = await init('203.0.113.9', { 'cf-ipcountry': 'DE' });
    expect(lbOnly.placement.signal).not.toBe('cdn-country');
    expect(lbOnly.placement.reasons).toContain(
      'CDN headers ignored: the client did not connect through a configured CDN range',
    );
  });
});
