import { Module } from '@nestjs/common';
import { MigrationStatsRepository } from './repositories/migration-stats.repository';
import { WorkerHeartbeatRepository } from './repositories/worker-heartbeat.repository';
import { WorkerLivenessService } from './services/worker-liveness.service';

/** Worker heartbeats and liveness: the worker writes them, the hub's admin API and readiness read them. */
@Module({
  providers: [WorkerHeartbeatRepository, MigrationStatsRepository, WorkerLivenessService],
  exports: [WorkerHeartbeatRepository, WorkerLivenessService],
})
export class WorkerLivenessModule {}
