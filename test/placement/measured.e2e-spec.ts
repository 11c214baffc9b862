import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, anAppliance, bearer, type ApplianceFixture } from '../init/support/fixtures';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';

/**
 * Addresses the bundled DB-IP database puts in London (GB-ENG) and Berlin (DE-BE), each in its own /24 unless
 * said otherwise. The test regions are us-east-1 (Virginia) and eu-west-1 (Dublin): by geography both cities
 * go to eu-west-1.
 */
const LONDON_REPORTERS = ['81.96.0.10', '81.108.111.10', '81.129.111.10', '81.129.148.10', '81.132.0.10'];
const LONDON_CALLER = '81.2.69.142';
const BERLIN_HONEST = ['82.165.222.10', '88.72.111.10', '212.60.222.10'];
const BERLIN_CALLER = '91.66.222.10';
/** One /24 in Berlin: the attacker's network. */
const ATTACKER_NET = '87.138.111';

interface Explained {
  region: string;
  signal: string;
  reasons: string[];
  measured?: { summary: string; estimates: Array<{ region: string; reporters: number; rttMs: number }> };
}

describe('measured placement: latency reports, across hub replicas', () => {
  let hubA: TestHub;
  let hubB: HubProcess;
  let admin: Record<string, string>;

  beforeAll(async () => {
    hubA = await startTestHub();
    await useGatewayRegions(hubA.prisma);
    await hubA.prisma.latencySample.deleteMany({});
    await hubA.prisma.indexOverride.deleteMany({ where: { scope: { in: ['GB', 'GB-ENG', 'DE', 'DE-BE'] } } });
    await hubA.app.get(PlacementStateService).rebuild();
    hubB = await startHubProcess();
    admin = bearer(await anAdminKey(hubA.prisma));
  });
  afterAll(async () => {
    await hubA?.prisma.latencySample.deleteMany({});
    await hubA?.prisma.indexOverride.deleteMany({ where: { scope: 'GB-ENG' } });
    await hubA?.prisma.placementSuggestionDismissal.deleteMany({});
    await hubB?.stop();
    await hubA?.close();
  });

  const now = () => new Date().toISOString();
  /** Every open suggestion (one page holds them all here). */
  const openSuggestions = async () => {
    const res = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/suggestions?limit=200&total=true',
      headers: admin,
    });
    const page = res.json<{
      items: Array<{ scope: string; suggested: string; savedMs: number; coverage: number }>;
      total: number;
    }>();
    expect(page.total).toBe(page.items.length);
    return page.items;
  };
  const report = (appliance: ApplianceFixture, ip: string, samples: unknown) =>
    hubA.app.inject({
      method: 'POST',
      url: '/v1/latency-reports',
      headers: bearer(appliance.key),
      remoteAddress: ip,
      payload: { samples },
    });

  async function explainOnB(ip: string): Promise<Explained> {
    const res = await fetch(`${hubB.url}/admin/v1/placement/explain?ip=${ip}`, { headers: admin });
    if (res.status !== 200)
      throw new Error(`explain on B: ${res.status} ${await res.text()}\n${hubB.output()}`);
    return (await res.json()) as Explained;
  }

  it('refuses bad reports with stable codes and stores nothing of them', async () => {
    const a = await anAppliance(hubA.prisma);
    const good = { region: 'us-east-1', rttMs: 80, attempts: 5, measuredAt: now() };
    const cases: Array<[unknown, number, string]> = [
      [[], 400, 'LATENCY.BATCH_EMPTY'],
      [Array.from({ length: 33 }, () => good), 413, 'LATENCY.BATCH_TOO_LARGE'],
      [[good, { ...good, region: 'mars-north-1' }], 400, 'LATENCY.UNKNOWN_REGION'],
      [[good, { ...good, rttMs: -3 }], 400, 'LATENCY.INVALID_RTT'],
      [[good, { ...good, rttMs: 'NaN' }], 400, 'LATENCY.INVALID_RTT'],
      [[good, { ...good, rttMs: 1e12 }], 400, 'LATENCY.INVALID_RTT'],
      // London -> Virginia is ~5,900 km: under ~58 ms is faster than light in fibre.
      [[good, { ...good, rttMs: 12 }], 400, 'LATENCY.IMPOSSIBLE_RTT'],
      [[good, { ...good, measuredAt: '2099-01-01T00:00:00Z' }], 400, 'LATENCY.FUTURE_TIMESTAMP'],
      [[good, { ...good, measuredAt: '2001-01-01T00:00:00Z' }], 400, 'LATENCY.STALE_TIMESTAMP'],
      [[good, { ...good, measuredAt: 'last tuesday' }], 400, 'LATENCY.INVALID_TIMESTAMP'],
      [[good, { ...good, payload: 'x' }], 400, 'LATENCY.INVALID_SAMPLE'],
    ];
    for (const [samples, status, code] of cases) {
      const res = await report(a, LONDON_CALLER, samples);
      expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
    }
    // Not locatable (a private address): refused, not stored.
    const unlocated = await report(a, '10.1.2.3', [good]);
    expect(unlocated.json().error.code).toBe('LATENCY.CALLER_NOT_LOCATED');
    // An appliance's key only: an admin key cannot report.
    const asAdmin = await hubA.app.inject({
      method: 'POST',
      url: '/v1/latency-reports',
      headers: admin,
      remoteAddress: LONDON_CALLER,
      payload: { samples: [good] },
    });
    expect(asAdmin.statusCode).toBe(403);
    expect(await hubA.prisma.latencySample.count({ where: { applianceId: a.applianceId } })).toBe(0);
  });

  it('limits reports per appliance per hour', async () => {
    const a = await anAppliance(hubA.prisma);
    const sample = [{ region: 'eu-west-1', rttMs: 30, attempts: 5, measuredAt: now() }];
    for (let i = 0; i < 12; i++) expect((await report(a, '81.132.37.10', sample)).statusCode).toBe(202);
    const limited = await report(a, '81.132.37.10', sample);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('LATENCY.RATE_LIMITED');
    expect(await hubA.prisma.latencySample.count({ where: { applianceId: a.applianceId } })).toBe(12);
    await hubA.prisma.latencySample.deleteMany({ where: { applianceId: a.applianceId } });
  });

  it('reports from London appliances move a London caller to the measured-best region on another replica within 1 s', async () => {
    const before = await explainOnB(LONDON_CALLER);
    expect(before.region).toBe('eu-west-1');
    expect(before.signal).not.toBe('measured');

    const appliances = await Promise.all(LONDON_REPORTERS.map(() => anAppliance(hubA.prisma)));
    let lastAccepted = 0;
    for (const [i, appliance] of appliances.entries()) {
      const res = await report(appliance, LONDON_REPORTERS[i], [
        { region: 'us-east-1', rttMs: 74 + i, attempts: 5, measuredAt: now() },
        { region: 'eu-west-1', rttMs: 150 + i, attempts: 5, measuredAt: now() },
      ]);
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({
        accepted: 2,
        countryCode: 'GB',
        network: expect.stringMatching(/\/24$/),
      });
      lastAccepted = Date.now();
    }

    // Every report (the fifth too) reaches replica B's estimator within a second of being accepted by A.
    const complete = (e: Explained) =>
      e.region === 'us-east-1' &&
      e.measured?.estimates.find((r) => r.region === 'us-east-1')?.reporters === 5;
    let after = await explainOnB(LONDON_CALLER);
    while (!complete(after) && Date.now() - lastAccepted < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = await explainOnB(LONDON_CALLER);
    }
    expect(after).toMatchObject({ region: 'us-east-1', signal: 'measured' });
    expect(after.measured?.summary).toMatch(
      /^us-east-1 ≈ \d+ ms, eu-west-1 ≈ \d+ ms, from 5 reporters within \d+ km, newest 1 min old$/,
    );
    expect(after.reasons.at(-1)).toMatch(/^measured: .* -> us-east-1$/);
  });

  it('lists an index suggestion from the London reports; accepting it makes an audited override', async () => {
    const list = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/suggestions?limit=200',
      headers: admin,
    });
    expect(list.statusCode).toBe(200);
    const suggestion = list
      .json<{ items: Array<{ scope: string; current: string; suggested: string; savedMs: number }> }>()
      .items.find((s) => s.scope === 'GB-ENG');
    // Other files share this database: the live backups placed in GB-ENG outside the suggested region are counted.
    const placedThere = await hubA.prisma.backup.count({
      where: {
        placedSubdivision: 'GB-ENG',
        status: { in: ['active', 'migrating'] },
        NOT: { regionCode: 'us-east-1' },
      },
    });
    expect(suggestion).toMatchObject({
      current: 'eu-west-1',
      suggested: 'us-east-1',
      affected: { backups: placedThere },
    });
    expect(suggestion!.savedMs).toBeGreaterThan(5);

    const accepted = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/placement/suggestions/GB-ENG/accept',
      headers: admin,
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ scope: 'GB-ENG', region: 'us-east-1' });
    expect(accepted.json().reason).toMatch(
      /^measured: us-east-1 ≈ \d+ ms vs eu-west-1 ≈ \d+ ms .*accepted suggestion\)$/,
    );
    const audit = await hubA.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'override.create', targetId: accepted.json().id },
    });
    expect(audit.actorType).toBe('admin');
    // Accepted: no longer open; accepting again is a 404 with a stable code.
    const again = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/placement/suggestions/GB-ENG/accept',
      headers: admin,
    });
    expect(again.json().error.code).toBe('SUGGESTION.NOT_FOUND');
    // Another open suggestion from the same reports (the country entry) can be dismissed and disappears.
    const others = await openSuggestions();
    expect(others.map((s) => s.scope)).toContain('GB');
    const dismissed = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/placement/suggestions/GB/dismiss',
      headers: admin,
    });
    expect(dismissed.statusCode).toBe(204);
    expect((await openSuggestions()).map((s) => s.scope)).not.toContain('GB');
  });

  it('fifty appliances reporting impossible or extreme RTTs from one network do not move Berlin', async () => {
    const honest = await Promise.all(BERLIN_HONEST.map(() => anAppliance(hubA.prisma)));
    for (const [i, appliance] of honest.entries()) {
      const res = await report(appliance, BERLIN_HONEST[i], [
        { region: 'eu-west-1', rttMs: 30 + i, attempts: 5, measuredAt: now() },
        { region: 'us-east-1', rttMs: 100 + i, attempts: 5, measuredAt: now() },
      ]);
      expect(res.statusCode, res.body).toBe(202);
    }
    const attackers = await Promise.all(Array.from({ length: 50 }, () => anAppliance(hubA.prisma)));
    const outcomes = await Promise.all(
      attackers.map((attacker, i) =>
        report(
          attacker,
          `${ATTACKER_NET}.${i + 2}`,
          i % 2 === 0
            ? // Berlin -> Dublin is ~1,300 km: 1 ms is impossible.
              [{ region: 'eu-west-1', rttMs: 1, attempts: 5, measuredAt: now() }]
            : // Possible but extreme: Virginia barely above light speed, Dublin nine seconds away.
              [
                { region: 'us-east-1', rttMs: 68, attempts: 5, measuredAt: now() },
                { region: 'eu-west-1', rttMs: 9000, attempts: 5, measuredAt: now() },
              ],
        ).then((res) => ({ status: res.statusCode, code: res.json().error?.code as string | undefined })),
      ),
    );
    expect(outcomes.filter((o) => o.code === 'LATENCY.IMPOSSIBLE_RTT')).toHaveLength(25);
    expect(outcomes.filter((o) => o.status === 202)).toHaveLength(25);

    // Wait until replica B's estimator has every accepted report in view (3 honest + 2 slots of the one
    // attacker network), then: still Dublin.
    let seen = await explainOnB(BERLIN_CALLER);
    const reporters = (e: Explained) =>
      e.measured?.estimates.find((r) => r.region === 'us-east-1')?.reporters ?? 0;
    while (reporters(seen) < 5) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seen = await explainOnB(BERLIN_CALLER);
    }
    expect(seen.region).toBe('eu-west-1');
    expect(seen.measured?.estimates[0]).toMatchObject({ region: 'eu-west-1' });
    expect(seen.measured!.estimates[0].rttMs).toBeLessThan(40);
  });

  const HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';
  const resolveOnB = async (locations: unknown[]) => {
    const res = await fetch(`${hubB.url}/admin/v1/placement:resolve`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ locations }),
    });
    if (res.status !== 200) throw new Error(`resolve on B: ${res.status} ${await res.text()}`);
    return (
      (await res.json()) as {
        items: Array<{ id: string; region: string; signal: string; candidates: string[] }>;
      }
    ).items;
  };
  const importCsv = (csv: string) =>
    hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/latency-imports',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: csv,
    });

  it('an import with bad rows is refused whole, with line numbers', async () => {
    const res = await importCsv(
      [
        HEADER,
        '38.72,-9.14,PT,,us-east-1,90,10',
        '38.72,-9.14,PT,PT-99,us-east-1,90,10',
        '38.72,-9.14,PT,,us-east-1,2,10',
      ].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('LATENCY.INVALID_IMPORT');
    expect(
      res.json().error.details.problems.map((p: { line: number; code: string }) => [p.line, p.code]),
    ).toEqual([
      [3, 'LATENCY.UNKNOWN_SUBDIVISION'],
      [4, 'LATENCY.IMPOSSIBLE_RTT'],
    ]);
    expect(await hubA.prisma.latencySample.count({ where: { source: 'import' } })).toBe(0);
  });

  it('an imported file changes what-if resolution on another replica within 1 s, and is audited', async () => {
    const lisbon = { id: 'lisbon', latitude: 38.72, longitude: -9.14, country: 'PT' };
    const [before] = await resolveOnB([lisbon]);
    expect(before).toMatchObject({ id: 'lisbon', region: 'eu-west-1' });
    expect(before.signal).not.toBe('measured');

    const rows = [
      [38.72, -9.14],
      [38.7, -9.4],
      [38.52, -8.89],
      [41.15, -8.61],
    ].flatMap(([lat, lon]) => [`${lat},${lon},PT,,us-east-1,90,20`, `${lat},${lon},PT,,eu-west-1,200,20`]);
    const res = await importCsv([HEADER, ...rows].join('\n'));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 8, samples: 160 });
    const imported = Date.now();
    let [after] = await resolveOnB([lisbon]);
    while (after.region !== 'us-east-1' && Date.now() - imported < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      [after] = await resolveOnB([lisbon]);
    }
    expect(after).toEqual({
      id: 'lisbon',
      region: 'us-east-1',
      signal: 'measured',
      candidates: ['us-east-1', 'eu-west-1'],
    });
    const audit = await hubA.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'latency.import', targetId: res.json().batchId },
    });
    expect(audit).toMatchObject({ actorType: 'admin', after: { rows: 8, samples: 160 } });
  });

  it('what-if resolution validates its input', async () => {
    const bad = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/placement:resolve',
      headers: admin,
      payload: { locations: [{ id: 'x', latitude: 123, longitude: 0, country: 'PT' }] },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('scores the accuracy of reporting appliances’ current placement, in the admin API and /metrics', async () => {
    const withBackup = async (region: string) => {
      const appliance = await anAppliance(hubA.prisma);
      const bucket = await hubA.prisma.bucket.create({
        data: { name: `accuracy-${appliance.applianceId}`, regionCode: region, status: 'ready' },
      });
      await hubA.prisma.backup.create({
        data: {
          applianceId: appliance.applianceId,
          accountId: appliance.accountId,
          regionCode: region,
          bucketId: bucket.id,
          prefix: 'p',
        },
      });
      return appliance;
    };
    // Two London appliances in Dublin, one in Virginia; all measured Virginia faster.
    const slow = await withBackup('eu-west-1');
    const fast = await withBackup('us-east-1');
    const unmeasured = await withBackup('eu-west-1');
    const both = (i: number) => [
      { region: 'us-east-1', rttMs: 76 + i, attempts: 5, measuredAt: now() },
      { region: 'eu-west-1', rttMs: 150 + i, attempts: 5, measuredAt: now() },
    ];
    expect((await report(slow, LONDON_REPORTERS[0], both(0))).statusCode).toBe(202);
    expect((await report(fast, LONDON_REPORTERS[1], both(2))).statusCode).toBe(202);
    const onlyVirginia = [{ region: 'us-east-1', rttMs: 80, attempts: 5, measuredAt: now() }];
    expect((await report(unmeasured, LONDON_REPORTERS[2], onlyVirginia)).statusCode).toBe(202);

    const res = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/accuracy',
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    const accuracy = res.json<{
      windowDays: number;
      unmeasured: number;
      byCountry: Array<{ country: string; placements: number; nearBest: number; meanExcessMs: number }>;
      byRegion: Array<{ region: string; placements: number; nearBest: number }>;
    }>();
    expect(accuracy.windowDays).toBe(7);
    expect(accuracy.unmeasured).toBeGreaterThanOrEqual(1);
    // slow: 150 vs 76 (74 ms over); fast: at its best.
    expect(accuracy.byCountry.find((c) => c.country === 'GB')).toMatchObject({
      placements: 2,
      nearBest: 1,
      nearBestShare: 0.5,
      meanExcessMs: 37,
    });
    const metrics = (await hubA.app.inject({ method: 'GET', url: '/metrics' })).body;
    const series = (name: string) =>
      new RegExp(`^${name}\\{(?=[^}]*scope="country")(?=[^}]*country="GB")[^}]*\\} (\\S+)$`, 'm').exec(
        metrics,
      )?.[1];
    expect(series('landfall_placement_accuracy_near_best_ratio')).toBe('0.5');
    expect(series('landfall_placement_accuracy_mean_excess_ms')).toBe('37');
    expect(series('landfall_placement_accuracy_placements')).toBe('2');

    const bad = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/accuracy?days=0',
      headers: admin,
    });
    expect(bad.statusCode).toBe(400);
    const asAgent = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/accuracy',
      headers: bearer(slow.key),
    });
    expect(asAgent.statusCode).toBe(403);
  });

  it('an auto-apply policy (off by default, audited) turns suggestions above its thresholds into overrides', async () => {
    const policyCall = (payload?: object) =>
      hubA.app.inject({
        method: payload ? 'PUT' : 'GET',
        url: '/admin/v1/placement/auto-apply',
        headers: admin,
        payload,
      });
    expect((await policyCall()).json()).toMatchObject({ enabled: false });
    // Reykjavík: Dublin by geography; three imported places say Virginia is much faster.
    const rows = [
      [64.14, -21.94],
      [64.11, -21.91],
      [64.07, -21.95],
    ].flatMap(([la, lo]) => [`${la},${lo},IS,,us-east-1,60,10`, `${la},${lo},IS,,eu-west-1,200,10`]);
    expect((await importCsv([HEADER, ...rows].join('\n'))).statusCode).toBe(201);
    const open = await openSuggestions();
    const iceland = open.find((s) => s.scope === 'IS');
    expect(iceland).toMatchObject({ suggested: 'us-east-1' });
    expect(await hubA.prisma.indexOverride.count({ where: { scope: 'IS' } })).toBe(0);

    try {
      const tooStrict = await policyCall({ enabled: true, minSavedMs: 1000, minCoverage: 0.5 });
      expect(tooStrict.statusCode, tooStrict.body).toBe(200);
      expect(tooStrict.json<{ applied: unknown[] }>().applied).toEqual([]);

      const policy = { enabled: true, minSavedMs: 50, minCoverage: 0.5 };
      const res = await policyCall(policy);
      expect(res.statusCode, res.body).toBe(200);
      const applied = res.json<{
        policy: object;
        applied: Array<{ id: string; scope: string; reason: string }>;
      }>();
      expect(applied.policy).toMatchObject({ ...policy, updatedBy: expect.stringMatching(/^admin:/) });
      const expected = open.filter((s) => s.savedMs >= 50 && s.coverage >= 0.5).map((s) => s.scope);
      expect(applied.applied.map((o) => o.scope).sort()).toEqual(expected.sort());
      const made = applied.applied.find((o) => o.scope === 'IS')!;
      expect(made.reason).toMatch(
        /^measured: us-east-1 ≈ \d+ ms vs eu-west-1 ≈ \d+ ms .*\(auto-applied: policy ≥ 50 ms saved, ≥ 50 % covered\)$/,
      );
      const audit = await hubA.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'override.create', targetId: made.id },
      });
      expect(audit).toMatchObject({ actorType: 'system', actorId: 'placement-auto-apply' });
      expect(
        await hubA.prisma.auditEvent.count({
          where: { action: 'placement.auto-apply-policy.update', actorType: 'admin' },
        }),
      ).toBeGreaterThanOrEqual(2);

      for (const bad of [
        { enabled: true, minSavedMs: 50, minCoverage: 2 },
        { enabled: true, minSavedMs: 0, minCoverage: 0.8 },
        { minSavedMs: 50, minCoverage: 0.8 },
        { enabled: 'yes', minSavedMs: 50, minCoverage: 0.8 },
      ]) {
        const refused = await policyCall(bad);
        expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
        expect(refused.json<{ error: { code: string } }>().error.code).toBe('REQUEST.INVALID');
      }
      expect((await policyCall()).json()).toMatchObject(policy);
    } finally {
      await policyCall({ enabled: false, minSavedMs: 20, minCoverage: 0.8 });
      await hubA.prisma.placementAutoApplyPolicy.deleteMany({});
      await hubA.prisma.indexOverride.deleteMany({ where: { author: 'placement-auto-apply' } });
      await hubA.app.get(PlacementStateService).rebuild();
    }
  });
});
