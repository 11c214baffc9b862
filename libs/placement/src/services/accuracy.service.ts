import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { METRICS } from '@landfall/common';
import { placementAccuracy, type AccuracyReport, type AccuracyTally } from '@landfall/latency';
import { AccuracyRepository } from '../repositories/accuracy.repository';

export const DEFAULT_ACCURACY_WINDOW_DAYS = 7;
/** How often /metrics' accuracy gauges are recomputed (one query of recent samples). */
const METRICS_INTERVAL_MS = 60_000;

export interface AccuracyView extends AccuracyReport {
  windowDays: number;
  since: Date;
  computedAt: Date;
}

/** The newest report this process computed: what /metrics shows (labels of vanished regions go with it). */
let latest: AccuracyReport | null = null;

type AccuracyLabel = 'scope' | 'region' | 'country';

function collectFrom(
  pick: (t: AccuracyTally) => number | null,
): (set: (value: number, labels?: Partial<Record<AccuracyLabel, string>>) => void) => void {
  return (set) => {
    if (!latest) return;
    const rows = [
      { labels: { scope: 'all' }, tally: latest as AccuracyTally },
      ...latest.byRegion.map((r) => ({ labels: { scope: 'region', region: r.region }, tally: r })),
      ...latest.byCountry.map((c) => ({ labels: { scope: 'country', country: c.country }, tally: c })),
    ];
    for (const { labels, tally } of rows) {
      const value = pick(tally);
      if (value !== null) set(value, labels);
    }
  };
}

const LABELS: readonly AccuracyLabel[] = ['scope', 'region', 'country'];
METRICS.gaugeCollected(
  'landfall_placement_accuracy_near_best_ratio',
  'Share of reporting appliances placed within max(5 ms, 10 %) of their best measured region (scope: all, region, country)',
  LABELS,
  collectFrom((t) => t.nearBestShare),
);
METRICS.gaugeCollected(
  'landfall_placement_accuracy_mean_excess_ms',
  'Mean ms by which reporting appliances’ current region is slower than their best measured one',
  LABELS,
  collectFrom((t) => t.meanExcessMs),
);
METRICS.gaugeCollected(
  'landfall_placement_accuracy_placements',
  'Reporting appliances’ live placements scored for accuracy',
  LABELS,
  collectFrom((t) => t.placements),
);

/**
 * Accuracy, continuously: how often the current placement of reporting appliances is near their best
 * measured region. Computed from Postgres on request and every minute for /metrics.
 */
@Injectable()
export class AccuracyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccuracyService.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly repository: AccuracyRepository) {}

  onModuleInit(): void {
    void this.refreshMetrics();
    this.timer = setInterval(() => void this.refreshMetrics(), METRICS_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async report(windowDays = DEFAULT_ACCURACY_WINDOW_DAYS, now = new Date()): Promise<AccuracyView> {
    const since = new Date(now.getTime() - windowDays * 86_400_000);
    const { samples, placements } = await this.repository.loadRecent(since);
    const report = placementAccuracy(samples, placements);
    if (windowDays === DEFAULT_ACCURACY_WINDOW_DAYS) latest = report;
    return { ...report, windowDays, since, computedAt: now };
  }

  private async refreshMetrics(): Promise<void> {
    try {
      await this.report();
    } catch (error) {
      this.logger.warn(`placement accuracy metrics not refreshed: ${(error as Error).message}`);
    }
  }
}
