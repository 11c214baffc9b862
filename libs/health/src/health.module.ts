import { Module } from '@nestjs/common';
import { RegionsModule } from '@landfall/regions';
import { HealthController } from './health.controller';
import { ReadinessAdminController } from './readiness.admin.controller';
import { ReadinessRepository } from './readiness.repository';
import { ReadinessService } from './readiness.service';

@Module({
  imports: [RegionsModule],
  controllers: [HealthController, ReadinessAdminController],
  providers: [ReadinessRepository, ReadinessService],
})
export class HealthModule {}
