import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAppliance, bearer } from '../init/support/fixtures';
import { HEADER, LONDON_REPORTERS, now, startMeasuredBed, type MeasuredBed } from './support/measured-bed';

describe('measured placement: imported latency, what-if, accuracy and auto-apply, across hub replicas', () => {
  let bed: MeasuredBed;
  let hubA: MeasuredBed['hubA'];
  let admin: MeasuredBed['admin'];
  let report: MeasuredBed['report'];
  let resolveOnB: MeasuredBed['resolveOnB'];
  let importCsv: MeasuredBed['importCsv'];
  let openSuggestions: MeasuredBed['openSuggestions'];

  beforeAll(async () => {
    bed = await startMeasuredBed();
    ({ hubA, admin, report, resolveOnB, importCsv, openSuggestions } = bed);
  });
  afterAll(async () => bed?.stop());

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
