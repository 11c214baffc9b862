import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { sortedRows, walkPages, type Page, type Row } from '../support/list-pages';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';

/** Countries Dublin serves by geography; the imported measurements below say Virginia is much faster. */
const MEASURED = {
  IE: [
    [53.35, -6.26],
    [51.9, -8.47],
    [52.66, -8.63],
    [53.27, -9.05],
    [52.26, -7.11],
  ],
  NO: [
    [59.91, 10.75],
    [60.39, 5.32],
    [63.43, 10.39],
    [58.97, 5.73],
    [59.74, 10.2],
  ],
};
const HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';

describe('admin lists, continued: TKLBAM keys and profiles, placement suggestions, audit dates', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  const token = `m${uniqueSuffix()}`.toLowerCase().replace(/[^a-z0-9]/g, '');
  const batches: string[] = [];
  const profiles: string[] = [];
  let accountId: string;

  const get = (url: string) => hub.app.inject({ method: 'GET', url, headers: admin });
  const send = async (method: 'POST' | 'PUT', url: string, payload: object, status: number) => {
    const res = await hub.app.inject({ method, url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<Row>();
  };
  const walk = (path: string, query: string, limit?: number) => walkPages(get, path, query, limit);

  beforeAll(async () => {
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    admin = bearer(await anAdminKey(hub.prisma));
    accountId = (await send('POST', '/admin/v1/accounts', { name: token }, 201)).id;
    await hub.prisma.indexOverride.deleteMany({ where: { scope: { in: Object.keys(MEASURED) } } });
    await hub.app.get(PlacementStateService).rebuild();
  });
  afterAll(async () => {
    await hub?.prisma.latencySample.deleteMany({ where: { batchId: { in: batches } } });
    await hub?.prisma.tklbamProfile.deleteMany({ where: { turnkeyVersion: { in: profiles } } });
    await hub?.close();
  });

  it('TKLBAM keys page under every sort, every key once; q finds the label; total counts them', async () => {
    const keys: Row[] = [];
    // Lower-case labels: the database's collation and JS order them alike.
    for (const label of ['web', 'db', 'mail', 'cache']) {
      const issued = await send('POST', `/admin/v1/accounts/${accountId}/tklbam-keys`, { label }, 201);
      keys.push({ id: issued.id, label: issued.label, createdAt: issued.createdAt });
    }
    const path = `/admin/v1/accounts/${accountId}/tklbam-keys`;
    for (const sort of ['createdAt', '-createdAt', 'label', '-label']) {
      const { rows, pages } = await walk(path, `sort=${sort}`, 1);
      expect(pages, sort).toBe(4);
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual(sortedRows(keys, sort).map((k) => k.id));
    }
    const found = (await get(`${path}?q=DB&total=true`)).json<Page>();
    expect(found).toMatchObject({ total: 1, nextCursor: null, items: [{ label: 'db' }] });
    const first = (await get(`${path}?limit=1&total=true`)).json<Page>();
    expect(first.total).toBe(4);
    expect(first.items[0].apiKey).toBeUndefined();
    const unknown = await get(`/admin/v1/accounts/00000000-0000-4000-8000-000000000000/tklbam-keys`);
    expect(unknown.json().error.code).toBe('ACCOUNT.NOT_FOUND');
  });

  it('TKLBAM profiles page by version or upload time; q finds a version', async () => {
    const archive = Buffer.from([0x1f, 0x8b, ...new Array<number>(20).fill(0)]).toString('base64');
    const made: Row[] = [];
    for (const name of ['b', 'c', 'a']) {
      const turnkeyVersion = `${token}-${name}`;
      profiles.push(turnkeyVersion);
      const profile = await send('PUT', '/admin/v1/profiles', { turnkeyVersion, archive }, 200);
      made.push({ id: turnkeyVersion, turnkeyVersion, uploadedAt: profile.uploadedAt });
    }
    for (const sort of ['turnkeyVersion', '-turnkeyVersion', 'uploadedAt', '-uploadedAt']) {
      const { rows, pages } = await walk('/admin/v1/profiles', `q=${token}&sort=${sort}`, 1);
      expect(pages, sort).toBe(3);
      expect(rows.map((r) => r.turnkeyVersion)).toEqual(sortedRows(made, sort).map((r) => r.id));
    }
    const one = (await get(`/admin/v1/profiles?q=${token.toUpperCase()}-C&total=true`)).json<Page>();
    expect(one).toMatchObject({ total: 1, items: [{ turnkeyVersion: `${token}-c` }] });
  });

  it('placement suggestions page in memory with the same contract: each once under every sort, q, total', async () => {
    for (const [country, points] of Object.entries(MEASURED)) {
      const rows = points.flatMap(([la, lo]) => [
        `${la},${lo},${country},,us-east-1,90,10`,
        `${la},${lo},${country},,eu-west-1,250,10`,
      ]);
      const imported = await hub.app.inject({
        method: 'POST',
        url: '/admin/v1/latency-imports',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: [HEADER, ...rows].join('\n'),
      });
      expect(imported.statusCode, imported.body).toBe(201);
      batches.push(imported.json<{ batchId: string }>().batchId);
    }
    const all = (await get('/admin/v1/placement/suggestions?limit=200&total=true')).json<Page>();
    const scopes = all.items.map((s) => String(s.scope));
    expect(scopes).toEqual(expect.arrayContaining(['IE', 'NO']));
    expect(all.total).toBe(all.items.length);
    const suggestions = all.items.map((s) => ({ ...s, id: String(s.scope) }));
    for (const sort of ['-savedMs', 'savedMs', 'scope', '-scope']) {
      const { rows, pages } = await walk('/admin/v1/placement/suggestions', `sort=${sort}`, 1);
      expect(pages, sort).toBe(suggestions.length);
      expect(
        rows.map((r) => r.scope),
        sort,
      ).toEqual(sortedRows(suggestions, sort, 'scope').map((s) => s.id));
    }
    // The default is the most ms saved first; q matches the scope code or the place name, in any case.
    expect(all.items.map((s) => s.scope)).toEqual(
      sortedRows(suggestions, '-savedMs', 'scope').map((s) => s.id),
    );
    const norway = (await get('/admin/v1/placement/suggestions?q=nORWay&total=true')).json<Page>();
    expect(norway.items.map((s) => s.scope)).toContain('NO');
    expect(norway.items.map((s) => s.scope)).not.toContain('IE');
    expect(norway.total).toBe(norway.items.length);
    expect(
      (await get('/admin/v1/placement/suggestions?q=ie')).json<Page>().items.map((s) => s.scope),
    ).toContain('IE');
  });

  it.each([
    ['/admin/v1/profiles?sort=sha256', 'sort'],
    ['/admin/v1/profiles?total=maybe', 'total'],
    ['/admin/v1/placement/suggestions?sort=coverage', 'sort'],
    ['/admin/v1/placement/suggestions?q=', 'q'],
    ['/admin/v1/placement/suggestions?limit=201', 'limit'],
    ['/admin/v1/audit-events?since=20000-01-01T00:00:00Z', 'since'],
    ['/admin/v1/audit-events?until=1969-12-31T23:59:59Z', 'until'],
    ['/admin/v1/audit-events?since=yesterday', 'since'],
    ['/admin/v1/audit-events?since=%2B020000-01-01T00:00:00Z', 'since'],
  ])('%s is 400 REQUEST.INVALID naming %s', async (url, field) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      error: {
        code: 'REQUEST.INVALID',
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      },
      requestId: expect.any(String),
    });
  });

  it('TKLBAM keys refuse an unknown sort; the audit list takes dates within 1970–9999', async () => {
    const res = await get(`/admin/v1/accounts/${accountId}/tklbam-keys?sort=uid`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'REQUEST.INVALID', details: [{ field: 'sort' }] });
    const bounded = await get('/admin/v1/audit-events?since=1970-01-01T00:00:00Z&until=9999-12-31T00:00:00Z');
    expect(bounded.statusCode, bounded.body).toBe(200);
  });

  it('a cursor from another list or sort, or forged, is 400 REQUEST.INVALID_CURSOR', async () => {
    const keys = `/admin/v1/accounts/${accountId}/tklbam-keys`;
    const byLabel = (await get(`${keys}?sort=label&limit=1`)).json<Page>().nextCursor!;
    const byVersion = (await get(`/admin/v1/profiles?q=${token}&limit=1`)).json<Page>().nextCursor!;
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const url of [
      `${keys}?cursor=${byLabel}`,
      `/admin/v1/profiles?sort=-turnkeyVersion&cursor=${byVersion}`,
      `/admin/v1/placement/suggestions?cursor=${byVersion}`,
      `/admin/v1/placement/suggestions?cursor=${forged(['-savedMs', 'fast', 'IE'])}`,
      `/admin/v1/placement/suggestions?sort=scope&cursor=${forged(['scope', 'x'.repeat(501), 'IE'])}`,
      `${keys}?cursor=${forged(['-createdAt', '2026-01-01T00:00:00Z', 'not-a-uuid'])}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('REQUEST.INVALID_CURSOR');
    }
  });
});
