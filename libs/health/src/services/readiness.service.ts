import { Inject, Injectable } from '@nestjs/common';
import { GeoIpService, type GeoIpStatus } from '@landfall/geoip';
import { WorkerLivenessService } from '@landfall/migrations';
import { RegionsRepository } from '@landfall/regions';
import { OBJECT_STORE, type ObjectStore } from '@landfall/storage';
import { ReadinessRepository } from '../repositories/readiness.repository';

export interface DependencyCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: DependencyCheck[];
  geoip: GeoIpStatus;
}

@Injectable()
export class ReadinessService {
  constructor(
    private readonly readiness: ReadinessRepository,
    private readonly geoip: GeoIpService,
    private readonly regions: RegionsRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly workers: WorkerLivenessService,
  ) {}

  async report(): Promise<ReadinessReport> {
    const database: DependencyCheck = { name: 'database', ok: await this.readiness.databaseReachable() };
    const geoipStatus = this.geoip.status();
    const rejected = geoipStatus.lastRejection
      ? `; last rejected reload: ${geoipStatus.lastRejection.reason}`
      : '';
    const geoip: DependencyCheck = {
      name: 'geoip',
      ok: geoipStatus.files.length > 0,
      detail:
        geoipStatus.files.map((f) => `${f.databaseType} IPv${f.ipVersion} built ${f.builtAt}`).join('; ') +
        rejected,
    };
    const endpoints = database.ok ? await this.regions.listActiveEndpoints() : [];
    const storage = await Promise.all(endpoints.map((endpoint) => this.checkEndpoint(endpoint)));
    const unwritable = database.ok ? await this.readiness.unwritableBucketRegions() : [];
    const buckets = unwritable.map<DependencyCheck>((regionCode) => ({
      name: `bucket:${regionCode}`,
      ok: false,
      detail: 'agents cannot write to this region’s bucket',
    }));
    const checks = [database, geoip, ...storage, ...buckets];
    if (database.ok) checks.push(await this.workerCheck());
    return { ready: checks.every((c) => c.ok), checks, geoip: geoipStatus };
  }

  /**
   * Migration workers. Never makes the hub unready (agents are served without a worker; a load balancer must not
   * pull every hub because workers died), but says when migrations are waiting for one.
   */
  private async workerCheck(): Promise<DependencyCheck> {
    const { liveWorkers, unfinishedMigrations, waitingForWorker } = await this.workers.readiness();
    const workers = `${liveWorkers.length} live migration worker${liveWorkers.length === 1 ? '' : 's'}`;
    const detail = waitingForWorker
      ? `no live migration worker: ${unfinishedMigrations} migration${unfinishedMigrations === 1 ? ' is' : 's are'} waiting for a worker (npm run worker)`
      : `${workers}${liveWorkers.length > 0 ? ` (${liveWorkers.map((w) => `${w.owner}${w.inProcess ? ' in-process' : ''}`).join(', ')})` : ''}; ${unfinishedMigrations} unfinished migrations`;
    return { name: 'workers', ok: true, detail };
  }

  private async checkEndpoint(endpoint: string): Promise<DependencyCheck> {
    try {
      await this.store.ping(endpoint);
      return { name: `s3:${endpoint}`, ok: true };
    } catch (error) {
      return { name: `s3:${endpoint}`, ok: false, detail: (error as Error).name || 'unreachable' };
    }
  }
}
