import { expect } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, bearer, type ApplianceFixture } from '../../init/support/fixtures';
import { startHubProcess, type HubProcess } from '../../support/hub-process';
import { startTestHub, useGatewayRegions, type TestHub } from '../../support/test-hub';

/**
 * Addresses the bundled DB-IP database puts in London (GB-ENG) and Berlin (DE-BE), each in its own /24 unless
 * said otherwise. The test regions are us-east-1 (Virginia) and eu-west-1 (Dublin): by geography both cities
 * go to eu-west-1.
 */
export const LONDON_REPORTERS = [
  '81.96.0.10',
  '81.108.111.10',
  '81.129.111.10',
  '81.129.148.10',
  '81.132.0.10',
];
export const LONDON_CALLER = '81.2.69.142';
export const BERLIN_HONEST = ['82.165.222.10', '88.72.111.10', '212.60.222.10'];
export const BERLIN_CALLER = '91.66.222.10';
/** One /24 in Berlin: the attacker's network. */
export const ATTACKER_NET = '87.138.111';

export interface Explained {
  region: string;
  signal: string;
  reasons: string[];
  measured?: { summary: string; estimates: Array<{ region: string; reporters: number; rttMs: number }> };
}

export const HEADER = 'latitude,longitude,country,subdivision,region,rtt_ms,samples';

export const now = () => new Date().toISOString();

/** Two hub replicas on one database: A in process (reports and imports go there), B a built hub process. */
export interface MeasuredBed {
  hubA: TestHub;
  hubB: HubProcess;
  admin: Record<string, string>;
  report: (appliance: ApplianceFixture, ip: string, samples: unknown) => ReturnType<TestHub['app']['inject']>;
  explainOnB: (ip: string) => Promise<Explained>;
  resolveOnB: (
    locations: unknown[],
  ) => Promise<Array<{ id: string; region: string; signal: string; candidates: string[] }>>;
  importCsv: (csv: string) => ReturnType<TestHub['app']['inject']>;
  /** Every open suggestion (one page holds them all here). */
  openSuggestions: () => Promise<
    Array<{ scope: string; suggested: string; savedMs: number; coverage: number }>
  >;
  stop: () => Promise<void>;
}

export async function startMeasuredBed(): Promise<MeasuredBed> {
  const hubA = await startTestHub();
  await useGatewayRegions(hubA.prisma);
  await hubA.prisma.latencySample.deleteMany({});
  await hubA.prisma.indexOverride.deleteMany({ where: { scope: { in: ['GB', 'GB-ENG', 'DE', 'DE-BE'] } } });
  await hubA.app.get(PlacementStateService).rebuild();
  const hubB = await startHubProcess();
  const admin = bearer(await anAdminKey(hubA.prisma));
  return {
    hubA,
    hubB,
    admin,
    report: (appliance, ip, samples) =>
      hubA.app.inject({
        method: 'POST',
        url: '/v1/latency-reports',
        headers: bearer(appliance.key),
        remoteAddress: ip,
        payload: { samples },
      }),
    async explainOnB(ip) {
      const res = await fetch(`${hubB.url}/admin/v1/placement/explain?ip=${ip}`, { headers: admin });
      if (res.status !== 200)
        throw new Error(`explain on B: ${res.status} ${await res.text()}\n${hubB.output()}`);
      return (await res.json()) as Explained;
    },
    async resolveOnB(locations) {
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
    },
    importCsv: (csv) =>
      hubA.app.inject({
        method: 'POST',
        url: '/admin/v1/latency-imports',
        headers: { ...admin, 'content-type': 'text/csv' },
        payload: csv,
      }),
    async openSuggestions() {
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
    },
    async stop() {
      await hubA.prisma.latencySample.deleteMany({});
      await hubA.prisma.indexOverride.deleteMany({ where: { scope: 'GB-ENG' } });
      await hubA.prisma.placementSuggestionDismissal.deleteMany({});
      await hubB.stop();
      await hubA.close();
    },
  };
}
