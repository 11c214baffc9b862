import { Module } from '@nestjs/common';
import { MigrationStatsRepository } from './migration-stats.repository';
import { WorkerHeartbeatRepository } from './worker-heartbeat.repository';
import { WorkerLivenessService } from './worker-liveness.service';

/** Worker heartbeats and liveness: the worker writes them, the hub's admin API and readiness read them. */
@Module({
  providers: [WorkerHeartbeatRepository, MigrationStatsRepository, WorkerLivenessService],
  exports: [WorkerHeartbeatRepository, WorkerLivenessService],
})
export class WorkerLivenessModule {}
