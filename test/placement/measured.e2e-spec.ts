import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAppliance } from '../init/support/fixtures';
import {
  ATTACKER_NET,
  BERLIN_CALLER,
  BERLIN_HONEST,
  LONDON_CALLER,
  LONDON_REPORTERS,
  now,
  startMeasuredBed,
  type Explained,
  type MeasuredBed,
} from './support/measured-bed';

describe('measured placement: latency reports, across hub replicas', () => {
  let bed: MeasuredBed;
  let hubA: MeasuredBed['hubA'];
  let admin: MeasuredBed['admin'];
  let report: MeasuredBed['report'];
  let explainOnB: MeasuredBed['explainOnB'];
  let openSuggestions: MeasuredBed['openSuggestions'];

  beforeAll(async () => {
    bed = await startMeasuredBed();
    ({ hubA, admin, report, explainOnB, openSuggestions } = bed);
  });
  afterAll(async () => bed?.stop());

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
});
