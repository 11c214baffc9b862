import { Module } from '@nestjs/common';
import { CLOCK, systemClock } from '@landfall/common';
import { PlacementModule } from '../runtime/placement.module';
import { LatencyReportsController } from './latency-reports.controller';
import { LatencyReportsService } from './latency-reports.service';

/** Agents' latency reports; the estimator itself lives in PlacementStateService (every replica, in memory). */
@Module({
  imports: [PlacementModule],
  controllers: [LatencyReportsController],
  providers: [{ provide: CLOCK, useValue: systemClock }, LatencyReportsService],
})
export class MeasuredPlacementModule {}
