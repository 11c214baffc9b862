import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { METRICS } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { LatencyEstimator } from '@landfall/latency';
import { DATABASE_OPTIONS, type DatabaseOptions } from '@landfall/persistence';
import type { Region } from '@landfall/regions';
import { CloudIpRanges } from '../domain/cloud-ip-ranges';
import { DEFAULT_CONFIDENCE_OPTIONS } from '../domain/confidence';
import { buildEffectiveIndex, type EffectiveIndex } from '../domain/effective-index';
import {
  PlacementEnvironment,
  type PlacementEnvironmentInput,
  type PlacementSignals,
} from '../domain/placement-environment';
import { LatencyRepository } from '../repositories/latency.repository';
import type { PlacementPin } from '../domain/decide';
import type { IndexEntry, RegionOverride } from '../domain/placement-index';
import { PlacementChangeListener } from './placement-listener';
import { PlacementRepository, type PlacementSnapshot } from '../repositories/placement.repository';
import { RuntimeIndexBuilder, type GeoPoint } from './runtime-index';

/** One immutable generation of what placement reads per request; replaced whole, never edited. */
export interface PlacementState {
  environment: PlacementEnvironment | null;
  index: EffectiveIndex;
  /** The generated (or imported) entries before DB overrides, and those overrides: what previews rebuild from. */
  baseEntries: readonly IndexEntry[];
  overrides: readonly RegionOverride[];
  regions: readonly Region[];
  appliancePins: ReadonlyMap<string, PlacementPin>;
  accountPins: ReadonlyMap<string, PlacementPin>;
  /** Learned from latency reports; null until the first build (or when there are no regions). */
  estimator: LatencyEstimator | null;
  builtAt: Date;
  generation: number;
}

const countRebuild = METRICS.counter(
  'landfall_placement_rebuilds_total',
  'Placement index rebuilds by outcome',
  ['outcome'],
);
const countEstimatorRebuild = METRICS.counter(
  'landfall_latency_estimator_rebuilds_total',
  'Latency estimator rebuilds by outcome',
  ['outcome'],
);
const estimatorSamples = METRICS.gauge(
  'landfall_latency_estimator_samples',
  'Latency samples the in-memory estimator was built from',
);

/**
 * Holds the effective region index in memory (never a query per request) and rebuilds it when regions,
 * overrides or pins change: on this replica right after a write, on every other replica through Postgres
 * LISTEN/NOTIFY, and on a slow timer as a safety net (and for override expiry). A failed rebuild keeps the
 * previous state: the index is never half-updated.
 */
@Injectable()
export class PlacementStateService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PlacementStateService.name);
  private readonly indexBuilder: RuntimeIndexBuilder;
  private readonly cloudRanges: CloudIpRanges | null;
  private readonly signals: Partial<PlacementSignals>;
  private state: PlacementState;
  private readonly changes: PlacementChangeListener;
  private timer?: NodeJS.Timeout;
  private rebuilding: Promise<void> | null = null;
  private again = false;
  /** Whether the queued rebuild must reload everything, or only the latency estimator. */
  private fullPending = false;
  private environmentInput: Omit<PlacementEnvironmentInput, 'estimator'> | null = null;
  private closed = false;

  constructor(
    private readonly repository: PlacementRepository,
    private readonly latency: LatencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_OPTIONS) database: DatabaseOptions,
  ) {
    const placement = config.placement;
    this.indexBuilder = new RuntimeIndexBuilder(placement);
    this.cloudRanges = placement.cloudIpRangesFile
      ? CloudIpRanges.fromAwsIpRanges(JSON.parse(readFileSync(placement.cloudIpRangesFile, 'utf8')))
      : null;
    this.signals = Object.fromEntries(placement.disabledSignals.map((s) => [s, false]));
    this.state = emptyState();
    this.changes = new PlacementChangeListener(
      database,
      this.logger,
      () => this.rebuild(),
      () => this.rebuildEstimator(),
    );
    METRICS.gaugeCollected(
      'landfall_placement_index_generation',
      'Generation of the placement index in memory (rises at each successful rebuild)',
      [],
      (set) => set(this.state.generation),
    );
    METRICS.gaugeCollected(
      'landfall_placement_index_built_timestamp_seconds',
      'When the placement index in memory was built (Unix time; 0 before the first build)',
      [],
      (set) => set(this.state.builtAt.getTime() / 1000),
    );
    METRICS.gaugeCollected(
      'landfall_placement_regions',
      'Regions the placement index was built from, by status',
      ['status'],
      (set) => {
        const counts = new Map<string, number>();
        for (const region of this.state.regions)
          counts.set(region.status, (counts.get(region.status) ?? 0) + 1);
        for (const [status, count] of counts) set(count, { status });
      },
    );
  }

  current(): PlacementState {
    return this.state;
  }

  /** Where each country and subdivision of the index lies (its population-weighted centre). */
  locationCentres(): ReadonlyMap<string, GeoPoint> {
    return this.indexBuilder.locationCentres();
  }

  async onModuleInit(): Promise<void> {
    await this.rebuild();
    await this.changes.listen();
    this.timer = setInterval(() => void this.rebuild(), this.config.placement.refreshIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.changes.stop();
    await this.rebuilding;
  }

  /** Rebuilds now; concurrent calls coalesce into one extra rebuild so none is lost. */
  rebuild(): Promise<void> {
    return this.schedule(true);
  }

  /** Rebuilds only the latency estimator (new reports): the index and pins stay as they are. */
  rebuildEstimator(): Promise<void> {
    return this.schedule(false);
  }

  private schedule(full: boolean): Promise<void> {
    if (full) this.fullPending = true;
    if (this.rebuilding) {
      this.again = true;
      return this.rebuilding;
    }
    this.rebuilding = (async () => {
      do {
        this.again = false;
        const wantFull = this.fullPending || this.environmentInput === null;
        this.fullPending = false;
        if (wantFull) await this.rebuildOnce();
        else await this.rebuildEstimatorOnce();
      } while (this.again && !this.closed);
      this.rebuilding = null;
    })();
    return this.rebuilding;
  }

  private async rebuildOnce(): Promise<void> {
    try {
      const snapshot = await this.repository.loadSnapshot(new Date());
      const estimator = await this.buildEstimator(snapshot.regions).catch((error: unknown) => {
        countEstimatorRebuild({ outcome: 'failed' });
        this.logger.error({ err: error }, 'latency estimator rebuild failed; keeping the previous one');
        return this.state.estimator;
      });
      this.state = this.buildState(snapshot, estimator);
      countRebuild({ outcome: 'ok' });
    } catch (error) {
      countRebuild({ outcome: 'failed' });
      this.logger.error({ err: error }, 'placement rebuild failed; keeping the previous index');
    }
  }

  private async rebuildEstimatorOnce(): Promise<void> {
    try {
      const current = this.state;
      const estimator = await this.buildEstimator(current.regions);
      // Built whole off to the side, then swapped in with one assignment: never half-built.
      this.state = {
        ...current,
        estimator,
        environment: this.environmentInput
          ? new PlacementEnvironment({ ...this.environmentInput, estimator })
          : null,
        builtAt: new Date(),
        generation: current.generation + 1,
      };
    } catch (error) {
      countEstimatorRebuild({ outcome: 'failed' });
      this.logger.error({ err: error }, 'latency estimator rebuild failed; keeping the previous one');
    }
  }

  private async buildEstimator(regions: readonly Region[]): Promise<LatencyEstimator> {
    const now = Date.now();
    const maxAgeDays = this.config.latency.maxAgeDays;
    const observations = await this.latency.loadObservations(new Date(now - maxAgeDays * 86_400_000));
    const estimator = new LatencyEstimator(
      regions.filter((r) => r.status !== 'disabled'),
      observations,
      now,
      { maxAgeDays },
    );
    countEstimatorRebuild({ outcome: 'ok' });
    estimatorSamples(estimator.observationCount);
    return estimator;
  }

  private buildState(snapshot: PlacementSnapshot, estimator: LatencyEstimator | null): PlacementState {
    const baseEntries = this.indexBuilder.build(snapshot.regions);
    const index = buildEffectiveIndex(baseEntries, snapshot.overrides);
    const hasActive = snapshot.regions.some((r) => r.status === 'active');
    const input: Omit<PlacementEnvironmentInput, 'estimator'> = {
      regions: snapshot.regions,
      index,
      cloudRanges: this.cloudRanges,
      signals: this.signals,
      confidence: {
        ...DEFAULT_CONFIDENCE_OPTIONS,
        maxAccuracyRadiusKm: this.config.placement.accuracyThresholdKm,
      },
    };
    const environment = hasActive ? new PlacementEnvironment({ ...input, estimator }) : null;
    this.environmentInput = hasActive ? input : null;
    const appliancePins = new Map<string, PlacementPin>();
    const accountPins = new Map<string, PlacementPin>();
    for (const pin of snapshot.pins) {
      if (pin.applianceId) appliancePins.set(pin.applianceId, { region: pin.region, reason: pin.reason });
      if (pin.accountId) accountPins.set(pin.accountId, { region: pin.region, reason: pin.reason });
    }
    return {
      environment,
      index,
      baseEntries,
      overrides: snapshot.overrides,
      regions: snapshot.regions,
      appliancePins,
      accountPins,
      estimator,
      builtAt: new Date(),
      generation: this.state.generation + 1,
    };
  }
}

export { listenBackoffMs } from './placement-listener';

function emptyState(): PlacementState {
  return {
    environment: null,
    index: new Map(),
    baseEntries: [],
    overrides: [],
    regions: [],
    appliancePins: new Map(),
    accountPins: new Map(),
    estimator: null,
    builtAt: new Date(0),
    generation: 0,
  };
}
