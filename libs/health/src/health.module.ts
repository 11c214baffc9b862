import { Module } from '@nestjs/common';
import { WorkerLivenessModule } from '@landfall/migrations';
import { RegionsModule } from '@landfall/regions';
import { HealthController } from './health.controller';
import { ReadinessAdminController } from './readiness.admin.controller';
import { ReadinessService } from './readiness.service';

@Module({
  imports: [RegionsModule, WorkerLivenessModule],
  controllers: [HealthController, ReadinessAdminController],
  providers: [ReadinessService],
})
export class HealthModule {}
