import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@landfall/common';
import { PlacementModule } from '../runtime/placement.module';
import { LatencyAdminController } from './latency-admin.controller';
import { LatencyAdminService } from './latency-admin.service';
import { LatencyReportsController } from './latency-reports.controller';
import { LatencyReportsService } from './latency-reports.service';

/** Agents' latency reports; the estimator itself lives in PlacementStateService (every replica, in memory). */
@Module({
  imports: [PlacementModule],
  controllers: [LatencyReportsController, LatencyAdminController],
  providers: [{ provide: CLOCK, useValue: systemClock }, LatencyReportsService, LatencyAdminService],
})
export class MeasuredPlacementModule {}
