import { Module } from '@nestjs/common';
import { PLACEMENT } from '../placement.port';
import { PlacementRepository } from './placement.repository';
import { PlacementService } from './placement.service';
import { PlacementStateService } from './placement-state';

@Module({
  providers: [
    PlacementRepository,
    PlacementStateService,
    PlacementService,
    { provide: PLACEMENT, useExisting: PlacementService },
  ],
  exports: [PLACEMENT, PlacementService, PlacementStateService],
})
export class PlacementModule {}
