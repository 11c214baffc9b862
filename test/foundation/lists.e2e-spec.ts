import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { sortedRows as sorted, walkPages, type Page, type Row } from '../support/list-pages';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';

/** Subdivisions no other spec overrides: this file's overrides live only in them. */
const SCOPES = ['DE-SN', 'DE-BY', 'DE-HH', 'DE-BE', 'DE-HB'];

describe('admin lists: one shape, cursor paging under every sort, q, total, refused input', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  // Lower-case letters and digits only, so the database's collation and JS order names alike.
  const token = `l${uniqueSuffix()}`.toLowerCase().replace(/[^a-z0-9]/g, '');
  const names = ['charlie', 'ALPHA', 'Bravo', 'delta', 'echo'].map((n) => `${token}${n}`);
  const accounts: Row[] = [];
  const overrides: Row[] = [];

  const get = (url: string) => hub.app.inject({ method: 'GET', url, headers: admin });
  const post = async (url: string, payload: object) => {
    const res = await hub.app.inject({ method: 'POST', url, headers: admin, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Row>();
  };

  const walk = (path: string, query: string, limit?: number) => walkPages(get, path, query, limit);

  beforeAll(async () => {
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    admin = bearer(await anAdminKey(hub.prisma));
    await hub.prisma.indexOverride.deleteMany({ where: { scope: { in: SCOPES } } });
    for (const name of names) accounts.push(await post('/admin/v1/accounts', { name }));
    for (const [i, scope] of SCOPES.entries()) {
      const reason = `lists ${token} ${i % 2 ? 'Peering' : 'residency'}`;
      overrides.push(await post('/admin/v1/overrides', { scope, region: 'eu-west-1', reason }));
    }
  });
  afterAll(async () => {
    await hub?.prisma.indexOverride.deleteMany({ where: { scope: { in: SCOPES } } });
    await hub?.close();
  });

  it.each(['name', '-name', 'createdAt', '-createdAt'])(
    'accounts sorted by %s, two at a time: every row exactly once, in the documented order',
    async (sort) => {
      const { rows, pages } = await walk('/admin/v1/accounts', `q=${token}&sort=${sort}`);
      expect(pages).toBe(3);
      expect(rows.map((r) => r.id)).toEqual(sorted(accounts, sort).map((r) => r.id));
    },
  );

  it('sorts names as documented (ALPHA, Bravo, charlie …) and q matches any case', async () => {
    const { rows } = await walk('/admin/v1/accounts', `q=${token.toUpperCase()}&sort=name`, 200);
    expect(rows.map((r) => String(r.name).slice(token.length))).toEqual([
      'ALPHA',
      'Bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    const one = await get(`/admin/v1/accounts?q=${token}BRAV`);
    expect(one.json<Page>().items.map((r) => r.name)).toEqual([`${token}Bravo`]);
    const none = await get(`/admin/v1/accounts?q=${token}zulu`);
    expect(none.json()).toEqual({ items: [], nextCursor: null });
    // LIKE's wildcards are searched for as characters, not as patterns.
    for (const wildcard of ['%25', '_', '%5C']) {
      const literal = await get(`/admin/v1/accounts?q=${token}${wildcard}`);
      expect(literal.json<Page>().items, wildcard).toEqual([]);
    }
  });

  it('appliances: q finds % and _ as themselves, in the name or the server id', async () => {
    const accountId = accounts[0].id;
    const odd = await post('/admin/v1/appliances', { accountId, name: `${token}50%_Off`, serverId: 'srv-a' });
    await post('/admin/v1/appliances', { accountId, name: `${token}50xxoff`, serverId: `SRV-${token}` });
    const found = await get(`/admin/v1/appliances?accountId=${accountId}&q=50%25_off`);
    expect(found.json<Page>().items.map((r) => r.id)).toEqual([odd.id]);
    const byServer = await get(`/admin/v1/appliances?q=srv-${token}&total=true`);
    expect(byServer.json<Page>()).toMatchObject({ total: 1, items: [{ name: `${token}50xxoff` }] });
  });

  it('backups page by size (ties by id) and q finds them by their appliance name', async () => {
    const appliance = await post('/admin/v1/appliances', {
      accountId: accounts[1].id,
      name: `${token}sized`,
    });
    const bucket = await hub.prisma.bucket.create({
      data: { name: `lists-${token}`, regionCode: 'eu-west-1', status: 'ready' },
    });
    const sizes = [5n, 0n, 5n, 100n];
    const ids: { id: string; size: bigint }[] = [];
    // A bucket on no gateway: other specs' revocations would try to write its policy, so it lives only this test.
    onTestFinished(async () => {
      await hub.prisma.backup.deleteMany({ where: { bucketId: bucket.id } });
      await hub.prisma.bucket.delete({ where: { id: bucket.id } });
    });
    for (const [i, sizeBytes] of sizes.entries()) {
      const backup = await hub.prisma.backup.create({
        data: {
          applianceId: appliance.id,
          accountId: accounts[1].id,
          regionCode: 'eu-west-1',
          bucketId: bucket.id,
          prefix: `${accounts[1].id}/${token}-${i}`,
          status: 'retired',
          sizeBytes,
        },
      });
      ids.push({ id: backup.id, size: sizeBytes });
    }
    const bySize = (a: { id: string; size: bigint }, b: { id: string; size: bigint }) =>
      a.size === b.size ? (a.id < b.id ? -1 : 1) : a.size < b.size ? -1 : 1;
    const ascending = [...ids].sort(bySize).map((b) => b.id);
    const up = await walk('/admin/v1/backups', `q=${token}SIZED&sort=sizeBytes`, 1);
    expect(up.rows.map((r) => r.id)).toEqual(ascending);
    const down = await walk('/admin/v1/backups', `applianceId=${appliance.id}&sort=-sizeBytes`, 3);
    expect(down.rows.map((r) => r.id)).toEqual([...ascending].reverse());
  });

  it('migrations page oldest or newest first under both sorts', async () => {
    const targetRegion = `zz-${token}`;
    onTestFinished(async () => void (await hub.prisma.migration.deleteMany({ where: { targetRegion } })));
    const made: Row[] = [];
    for (const requestedBy of ['a', 'b', 'c']) {
      const row = await hub.prisma.migration.create({ data: { targetRegion, selection: {}, requestedBy } });
      made.push({ id: row.id, createdAt: row.createdAt.toISOString() });
    }
    for (const sort of ['createdAt', '-createdAt']) {
      const { rows, pages } = await walk('/admin/v1/migrations', `region=${targetRegion}&sort=${sort}`, 1);
      expect(pages, sort).toBe(3);
      expect(rows.map((r) => r.id)).toEqual(sorted(made, sort).map((r) => r.id));
    }
  });

  it.each(['scope', '-scope', 'createdAt', '-createdAt'])(
    'overrides page as {items, nextCursor} sorted by %s, every row exactly once',
    async (sort) => {
      const { rows, pages } = await walk('/admin/v1/overrides', `q=${token}&sort=${sort}`);
      expect(pages).toBe(3);
      expect(rows.map((r) => r.id)).toEqual(sorted(overrides, sort).map((r) => r.id));
    },
  );

  it('overrides: by scope unless sorted otherwise; q finds the reason in any case; total counts the filtered set', async () => {
    const first = (await get(`/admin/v1/overrides?q=${token}&limit=1`)).json<Page>();
    expect(first.items.map((r) => r.scope)).toEqual(['DE-BE']);
    expect(first).not.toHaveProperty('total');
    const peering = (await get(`/admin/v1/overrides?q=${token}%20PEERING&total=true&limit=1`)).json<Page>();
    expect(peering.total).toBe(2);
    expect(peering.items).toHaveLength(1);
    expect(peering.nextCursor).not.toBeNull();
    const bySubstring = (await get(`/admin/v1/overrides?q=de-s&scope=DE-SN&total=true`)).json<Page>();
    expect(bySubstring).toMatchObject({ total: 1, nextCursor: null, items: [{ scope: 'DE-SN' }] });
  });

  it('pins page under both sorts and q finds the pinned account by name', async () => {
    const pins: Row[] = [];
    for (const account of accounts.slice(0, 3)) {
      const pin = { target: 'account', targetId: account.id, region: 'us-east-1', reason: 'lists test' };
      pins.push(await post('/admin/v1/placement-pins', pin));
    }
    for (const sort of ['createdAt', '-createdAt']) {
      const { rows, pages } = await walk('/admin/v1/placement-pins', `q=${token}&sort=${sort}`);
      expect(pages, sort).toBe(2);
      expect(rows.map((r) => r.id)).toEqual(sorted(pins, sort).map((r) => r.id));
    }
    const alpha = (await get(`/admin/v1/placement-pins?q=${token}alpha&total=true`)).json<Page>();
    expect(alpha).toMatchObject({ total: 1, items: [{ targetId: accounts[1].id }] });
  });

  it('audit events filter by actorId and page oldest first with sort=at', async () => {
    const actorId = (await get('/admin/v1/keys/self')).json<Row>().id;
    const res = await get(`/admin/v1/audit-events?actorId=${actorId}&action=override.create&total=true`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Page>().total).toBe(SCOPES.length);
    const { rows } = await walk(
      '/admin/v1/audit-events',
      `actorId=${actorId}&action=override.create&sort=at`,
    );
    expect(rows.map((r) => r.targetId)).toEqual(overrides.map((o) => o.id));
    const newest = (await get(`/admin/v1/audit-events?actorId=${actorId}&limit=1`)).json<Page>();
    const oldestFirst = await get(
      `/admin/v1/audit-events?actorId=${actorId}&sort=at&cursor=${newest.nextCursor}`,
    );
    expect(oldestFirst.json().error.code).toBe('REQUEST.INVALID_CURSOR');
  });

  it('keys: q on label, sort by label', async () => {
    for (const label of ['b', 'a', 'c']) {
      await post('/admin/v1/keys', { kind: 'admin', label: `${token}${label}`, scopes: ['accounts:read'] });
    }
    const { rows } = await walk('/admin/v1/keys', `q=${token.toUpperCase()}&sort=-label`, 1);
    expect(rows.map((r) => r.label)).toEqual(['c', 'b', 'a'].map((l) => `${token}${l}`));
  });

  it('regions page by displayName and q finds the city in any case', async () => {
    const regions: Row[] = [];
    for (const [i, name] of ['b', 'c', 'a'].entries()) {
      const code = `${token.slice(0, 20)}-${i}`;
      const body = { code, displayName: `${token}${name}`, city: `Town${name}`, latitude: 1, longitude: 1 };
      const created = await post('/admin/v1/regions', {
        ...body,
        endpoint: 'http://127.0.0.1:9',
        status: 'disabled',
        weight: 0,
      });
      regions.push({ ...created, id: code });
    }
    try {
      for (const sort of ['displayName', '-displayName', 'code', '-code']) {
        const { rows, pages } = await walk('/admin/v1/regions', `q=${token}&sort=${sort}`, 1);
        expect(pages, sort).toBe(3);
        expect(rows.map((r) => r.code)).toEqual(sorted(regions, sort).map((r) => r.code));
      }
      const town = (await get(`/admin/v1/regions?q=TOWNC&total=true`)).json<Page>();
      expect(town.items.map((r) => r.displayName)).toContain(`${token}c`);
    } finally {
      await hub.prisma.region.deleteMany({ where: { code: { in: regions.map((r) => r.id) } } });
    }
  });

  it.each([
    ['/admin/v1/regions?sort=city', 'REQUEST.INVALID', 'sort'],
    ['/admin/v1/accounts?sort=bogus', 'REQUEST.INVALID', 'sort'],
    ['/admin/v1/overrides?sort=name', 'REQUEST.INVALID', 'sort'],
    ['/admin/v1/migrations?sort=-name', 'REQUEST.INVALID', 'sort'],
    [`/admin/v1/accounts?q=${'x'.repeat(101)}`, 'REQUEST.INVALID', 'q'],
    ['/admin/v1/accounts?q=', 'REQUEST.INVALID', 'q'],
    ['/admin/v1/placement-pins?total=maybe', 'REQUEST.INVALID', 'total'],
    ['/admin/v1/audit-events?actor=someone', 'REQUEST.INVALID', 'actor'],
    ['/admin/v1/audit-events?q=x', 'REQUEST.INVALID', 'q'],
  ])('%s is 400 %s naming %s', async (url, code, field) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code, details: expect.arrayContaining([expect.objectContaining({ field })]) },
    });
  });

  it('a cursor made under another sort, for another list, or by hand is 400 REQUEST.INVALID_CURSOR', async () => {
    const byName = (await get(`/admin/v1/accounts?q=${token}&sort=name&limit=1`)).json<Page>().nextCursor!;
    expect((await get(`/admin/v1/accounts?q=${token}&sort=name&cursor=${byName}`)).statusCode).toBe(200);
    const forged = Buffer.from(JSON.stringify(['name', 'x', 'not-a-uuid'])).toString('base64url');
    for (const url of [
      `/admin/v1/accounts?sort=-name&cursor=${byName}`,
      `/admin/v1/accounts?cursor=${byName}`,
      `/admin/v1/overrides?cursor=${byName}`,
      `/admin/v1/accounts?sort=name&cursor=${forged}`,
      '/admin/v1/placement-pins?cursor=bm9wZQ',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('REQUEST.INVALID_CURSOR');
    }
  });
});
