import { Module } from '@nestjs/common';
import { LatencyRepository } from '../measured/latency.repository';
import { PLACEMENT } from '../placement.port';
import { PlacementRepository } from './placement.repository';
import { PlacementService } from './placement.service';
import { PlacementStateService } from './placement-state';

@Module({
  providers: [
    PlacementRepository,
    LatencyRepository,
    PlacementStateService,
    PlacementService,
    { provide: PLACEMENT, useExisting: PlacementService },
  ],
  exports: [PLACEMENT, PlacementService, PlacementStateService, LatencyRepository],
})
export class PlacementModule {}
