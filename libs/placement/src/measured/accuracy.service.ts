import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { METRICS } from '@landfall/common';
import { placementAccuracy, type AccuracyReport } from '@landfall/latency';
import { AccuracyRepository } from './accuracy.repository';

export const DEFAULT_ACCURACY_WINDOW_DAYS = 7;
/** How often /metrics' accuracy gauges are recomputed (one query of recent samples). */
const METRICS_INTERVAL_MS = 60_000;

export interface AccuracyView extends AccuracyReport {
  windowDays: number;
  since: Date;
  computedAt: Date;
}

const nearBestShare = METRICS.gauge(
  'landfall_placement_accuracy_near_best_ratio',
  'Share of reporting appliances placed within max(5 ms, 10 %) of their best measured region (scope: all, region, country)',
);
const meanExcess = METRICS.gauge(
  'landfall_placement_accuracy_mean_excess_ms',
  'Mean ms by which reporting appliances’ current region is slower than their best measured one',
);
const scored = METRICS.gauge(
  'landfall_placement_accuracy_placements',
  'Reporting appliances’ live placements scored for accuracy',
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
    if (windowDays === DEFAULT_ACCURACY_WINDOW_DAYS) publish(report);
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

function publish(report: AccuracyReport): void {
  const rows = [
    { labels: { scope: 'all' }, tally: report },
    ...report.byRegion.map((r) => ({ labels: { scope: 'region', region: r.region }, tally: r })),
    ...report.byCountry.map((c) => ({ labels: { scope: 'country', country: c.country }, tally: c })),
  ];
  for (const { labels, tally } of rows) {
    scored(tally.placements, labels);
    if (tally.nearBestShare !== null) nearBestShare(tally.nearBestShare, labels);
    if (tally.meanExcessMs !== null) meanExcess(tally.meanExcessMs, labels);
  }
}
