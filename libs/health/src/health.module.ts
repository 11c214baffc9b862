import { Module } from '@nestjs/common';
import { WorkerLivenessModule } from '@landfall/migrations';
import { RegionsModule } from '@landfall/regions';
import { HealthController } from './controllers/health.controller';
import { ReadinessAdminController } from './controllers/readiness.admin.controller';
import { ReadinessRepository } from './repositories/readiness.repository';
import { ReadinessService } from './services/readiness.service';

@Module({
  imports: [RegionsModule, WorkerLivenessModule],
  controllers: [HealthController, ReadinessAdminController],
  providers: [ReadinessRepository, ReadinessService],
})
export class HealthModule {}
