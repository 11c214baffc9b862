import { Module } from '@nestjs/common';
import { LatencyRepository } from '../measured/latency.repository';
import { PLACEMENT } from '../placement.port';
import { ClientAddressService } from './client-address.service';
import { PlacementRepository } from './placement.repository';
import { PlacementService } from './placement.service';
import { PlacementStateService } from './placement-state';

@Module({
  providers: [
    ClientAddressService,
    PlacementRepository,
    LatencyRepository,
    PlacementStateService,
    PlacementService,
    { provide: PLACEMENT, useExisting: PlacementService },
  ],
  exports: [PLACEMENT, PlacementService, PlacementStateService, ClientAddressService, LatencyRepository],
})
export class PlacementModule {}
