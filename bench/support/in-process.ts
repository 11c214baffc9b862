import { isIPv4 } from 'node:net';
import { open, type Reader, type Response } from 'maxmind';
import { loadConfig } from '@landfall/config';
import { GeoIpService } from '@landfall/geoip';
import {
  AWS_REGIONS,
  buildEffectiveIndex,
  PlacementEnvironment,
  PlacementService,
  type IndexEntry,
  type PlacementState,
  type PlacementStateService,
} from '@landfall/placement';
import type { Region } from '@landfall/regions';
import { LatencyEstimator } from '@landfall/latency';
import defaultIndex from '../../data/placement/default-index.json';
import { buildWorld, simulateReports } from './synthetic-world';

export interface Rate {
  perSecond: number;
  operations: number;
}

/** Calls `step` over the addresses for `durationMs`, after a warm-up a third as long. */
async function measure(
  ips: readonly string[],
  durationMs: number,
  step: (ip: string) => unknown,
): Promise<Rate> {
  const pass = async (ms: number): Promise<Rate> => {
    let operations = 0;
    const started = performance.now();
    const deadline = started + ms;
    let i = 0;
    while (performance.now() < deadline) {
      // Batches keep the clock out of the measurement; an await per batch keeps the event loop honest.
      for (let n = 0; n < 256; n++) await step(ips[i++ % ips.length]);
      operations += 256;
    }
    return { perSecond: (operations / (performance.now() - started)) * 1000, operations };
  };
  await pass(durationMs / 3);
  return pass(durationMs);
}

/**
 * (a) PlacementService.explain, the code the hub's explain endpoint and agent init run (GeoIP lookup in the
 * bundled DB-IP database, normalisation, the decision over the default index for every AWS region), against
 * raw `maxmind` lookups of the same addresses in the same files.
 */
export async function measureInProcess(
  geoipDatabases: string[],
  ips: readonly string[],
  durationMs: number,
  rounds = 3,
): Promise<{ raw: Rate; decisions: Rate; measured: Rate; measuredSamples: number }> {
  const readers = await Promise.all(
    geoipDatabases.map((file) => open<Response>(file, { watchForUpdates: false })),
  );
  const v4 = readers.find((r) => r.metadata.ipVersion === 4) as Reader<Response>;
  const v6 = readers.find((r) => r.metadata.ipVersion === 6) as Reader<Response>;

  const config = loadConfig({ LOG_LEVEL: 'silent', GEOIP_DATABASES: geoipDatabases.join(',') });
  const geoip = await GeoIpService.open(geoipDatabases, 3_600_000);
  const regions: Region[] = AWS_REGIONS.map((r) => ({
    ...r,
    endpoint: 'http://127.0.0.1:9',
    status: 'active',
    weight: 100,
  }));
  const baseEntries = defaultIndex.entries as IndexEntry[];
  const index = buildEffectiveIndex(baseEntries);
  const state: PlacementState = {
    environment: new PlacementEnvironment({ regions, index }),
    index,
    baseEntries,
    overrides: [],
    regions,
    appliancePins: new Map(),
    accountPins: new Map(),
    estimator: null,
    builtAt: new Date(),
    generation: 1,
  };
  // The service reads placement state through current() only; explain without --appliance never queries.
  const stateService = { current: () => state } as unknown as PlacementStateService;
  const placement = new PlacementService(stateService, geoip, null as never, config);
  // The same with the measured signal active: an estimator from simulated reports of 1,422 places worldwide.
  const world = buildWorld();
  const now = Date.now();
  const estimator = new LatencyEstimator(regions, simulateReports(world, world.places, now), now);
  const measuredState: PlacementState = {
    ...state,
    estimator,
    environment: new PlacementEnvironment({ regions, index, estimator }),
  };
  const measuredPlacement = new PlacementService(
    { current: () => measuredState } as unknown as PlacementStateService,
    geoip,
    null as never,
    config,
  );
  try {
    // Alternating rounds and medians: a 2-core machine drifts (GC, other tenants) more than the paths differ.
    const raws: Rate[] = [];
    const decisions: Rate[] = [];
    const measured: Rate[] = [];
    for (let round = 0; round < rounds; round++) {
      raws.push(await measure(ips, durationMs / rounds, (ip) => (isIPv4(ip) ? v4 : v6).get(ip)));
      decisions.push(await measure(ips, durationMs / rounds, (ip) => placement.explain({ ip })));
      measured.push(await measure(ips, durationMs / rounds, (ip) => measuredPlacement.explain({ ip })));
    }
    return {
      raw: median(raws),
      decisions: median(decisions),
      measured: median(measured),
      measuredSamples: estimator.observationCount,
    };
  } finally {
    geoip.onModuleDestroy();
  }
}

function median(rates: Rate[]): Rate {
  return [...rates].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rates.length / 2)];
}
