import { Inject, Injectable, Logger } from '@nestjs/common';
import { METRICS } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { MigrationStatsRepository } from '../repositories/migration-stats.repository';
import { WorkerHeartbeatRepository, type LiveWorker } from '../repositories/worker-heartbeat.repository';

/** A worker missing this many beats in a row is not live (one late beat on a busy machine is not a death). */
const MISSED_BEATS = 3;

export interface WorkerReadiness {
  liveWorkers: LiveWorker[];
  unfinishedMigrations: number;
  /** Migrations have work and no worker is live: nothing moves them ("waiting for a worker"). */
  waitingForWorker: boolean;
}

/**
 * Whether any migration worker is alive, from the heartbeats workers write; what the admin API, the CLI and
 * readiness say about a migration nobody runs. Also the scrape-time gauges of migration items and live workers.
 */
@Injectable()
export class WorkerLivenessService {
  private readonly logger = new Logger(WorkerLivenessService.name);

  constructor(
    private readonly heartbeats: WorkerHeartbeatRepository,
    private readonly stats: MigrationStatsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    METRICS.gaugeCollected(
      'landfall_migration_items',
      'Migration items (one backup each) by state, across all migrations',
      ['state'],
      async (set) => {
        for (const { state, count } of await this.orEmpty(this.stats.itemsByState())) set(count, { state });
      },
    );
    METRICS.gaugeCollected(
      'landfall_migration_workers_live',
      'Migration workers (processes or in-hub) that heartbeated recently',
      [],
      async (set) => set((await this.orEmpty(this.liveWorkers())).length),
    );
  }

  liveWorkers(): Promise<LiveWorker[]> {
    return this.heartbeats.live(this.config.worker.heartbeatSeconds * MISSED_BEATS);
  }

  async anyLive(): Promise<boolean> {
    return (await this.liveWorkers()).length > 0;
  }

  async readiness(): Promise<WorkerReadiness> {
    const [liveWorkers, unfinishedMigrations] = await Promise.all([
      this.liveWorkers(),
      this.stats.unfinishedMigrations(),
    ]);
    return {
      liveWorkers,
      unfinishedMigrations,
      waitingForWorker: unfinishedMigrations > 0 && liveWorkers.length === 0,
    };
  }

  /** A scrape during a database outage shows the other families rather than failing whole. */
  private async orEmpty<T>(query: Promise<T[]>): Promise<T[]> {
    try {
      return await query;
    } catch (error) {
      this.logger.warn({ err: error }, 'migration gauges unavailable (database)');
      return [];
    }
  }
}
